namespace Orleans.Analytics.Core.Time;

/// <summary>Arithmetic on epoch milliseconds that saturates instead of overflowing.</summary>
/// <remarks>
/// Watermarks start at <see cref="long.MinValue"/> and a finished stream is flushed with
/// <see cref="long.MaxValue"/>; "end + lateness" must not wrap around at either extreme.
/// </remarks>
public static class TimeMath
{
    /// <summary><paramref name="value"/> + <paramref name="delta"/>, held at <see cref="long.MinValue"/> or <see cref="long.MaxValue"/> instead of wrapping.</summary>
    public static long AddSaturating(long value, long delta)
    {
        var sum = unchecked(value + delta);
        // Overflow happened when both operands share a sign that the result does not.
        if (((value ^ sum) & (delta ^ sum)) < 0)
        {
            return value < 0 ? long.MinValue : long.MaxValue;
        }

        return sum;
    }

    /// <summary><paramref name="value"/> − <paramref name="delta"/>, held at the extremes instead of wrapping.</summary>
    public static long SubtractSaturating(long value, long delta) =>
        delta == long.MinValue ? AddSaturating(AddSaturating(value, long.MaxValue), 1) : AddSaturating(value, -delta);

    /// <summary>A duration in whole milliseconds (<see cref="TimeSpan.MaxValue"/> as <see cref="long.MaxValue"/>).</summary>
    public static long ToMilliseconds(TimeSpan span) =>
        span == TimeSpan.MaxValue ? long.MaxValue : (long)span.TotalMilliseconds;
}

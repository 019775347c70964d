namespace Orleans.Analytics.Core.Time;

/// <summary>Arithmetic on epoch milliseconds that saturates instead of overflowing.</summary>
/// <remarks>
/// Watermarks start at <see cref="long.MinValue"/> and a finished stream is flushed with
/// <see cref="long.MaxValue"/>; "end + lateness" must not wrap around at either extreme.
/// </remarks>
internal static class TimeMath
{
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

    public static long SubtractSaturating(long value, long delta) =>
        delta == long.MinValue ? AddSaturating(AddSaturating(value, long.MaxValue), 1) : AddSaturating(value, -delta);

    public static long ToMilliseconds(TimeSpan span) =>
        span == TimeSpan.MaxValue ? long.MaxValue : (long)span.TotalMilliseconds;
}

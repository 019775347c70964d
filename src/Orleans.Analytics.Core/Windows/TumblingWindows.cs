namespace Orleans.Analytics.Core.Windows;

/// <summary>
/// Fixed-size, non-overlapping windows aligned to the Unix epoch plus an optional offset:
/// <c>[offset + k·size, offset + (k+1)·size)</c>.
/// </summary>
/// <remarks>
/// Matches Flink SQL's <c>TUMBLE(…, size [, offset])</c>: windows are half-open, so an event exactly at a
/// window's end belongs to the next window. Works for event times before 1970 too.
/// </remarks>
public sealed class TumblingWindows : IWindowAssigner
{
    /// <summary>Creates tumbling windows.</summary>
    /// <param name="size">The window length; positive, whole milliseconds.</param>
    /// <param name="offset">Shifts window starts from the epoch; default zero. Any value is reduced modulo <paramref name="size"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not at least 1 ms.</exception>
    public TumblingWindows(TimeSpan size, TimeSpan offset = default)
    {
        SizeMilliseconds = (long)size.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfLessThan(SizeMilliseconds, 1, nameof(size));
        OffsetMilliseconds = FloorMod((long)offset.TotalMilliseconds, SizeMilliseconds);
    }

    /// <summary>The window length in milliseconds.</summary>
    public long SizeMilliseconds { get; }

    /// <summary>The alignment offset in milliseconds, in <c>[0, size)</c>.</summary>
    public long OffsetMilliseconds { get; }

    /// <inheritdoc />
    public int MaxWindowsPerEvent => 1;

    /// <summary>The window containing <paramref name="eventTime"/>.</summary>
    /// <param name="eventTime">An event time in epoch milliseconds.</param>
    /// <returns>The one tumbling window that contains it.</returns>
    public TimeWindow WindowFor(long eventTime)
    {
        var start = eventTime - FloorMod(eventTime - OffsetMilliseconds, SizeMilliseconds);
        return new TimeWindow(start, start + SizeMilliseconds);
    }

    /// <inheritdoc />
    public int AssignWindows(long eventTime, Span<TimeWindow> destination)
    {
        destination[0] = WindowFor(eventTime);
        return 1;
    }

    internal static long FloorMod(long value, long divisor)
    {
        var remainder = value % divisor;
        return remainder < 0 ? remainder + divisor : remainder;
    }
}

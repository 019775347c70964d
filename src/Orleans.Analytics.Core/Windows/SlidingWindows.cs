namespace Orleans.Analytics.Core.Windows;

/// <summary>
/// Overlapping windows of length <c>size</c> starting every <c>slide</c>, aligned to the epoch plus an offset;
/// an event belongs to each of the <c>size / slide</c> windows covering it.
/// </summary>
/// <remarks>
/// Matches Flink SQL's <c>HOP(…, slide, size)</c> window table function, including its rule that the size
/// must be a whole multiple of the slide (so every event is in exactly <c>size / slide</c> windows).
/// </remarks>
public sealed class SlidingWindows : IWindowAssigner
{
    /// <summary>Creates sliding windows.</summary>
    /// <param name="size">The window length; a positive whole multiple of <paramref name="slide"/>.</param>
    /// <param name="slide">How far each window starts after the previous; at least 1 ms.</param>
    /// <param name="offset">Shifts window starts from the epoch; default zero.</param>
    /// <exception cref="ArgumentException">The size is not a positive multiple of the slide, or there would be more than 1024 windows per event.</exception>
    public SlidingWindows(TimeSpan size, TimeSpan slide, TimeSpan offset = default)
    {
        SizeMilliseconds = (long)size.TotalMilliseconds;
        SlideMilliseconds = (long)slide.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfLessThan(SlideMilliseconds, 1, nameof(slide));
        ArgumentOutOfRangeException.ThrowIfLessThan(SizeMilliseconds, SlideMilliseconds, nameof(size));
        if (SizeMilliseconds % SlideMilliseconds != 0)
        {
            throw new ArgumentException(
                $"A sliding window's size ({size}) must be a whole multiple of its slide ({slide}).", nameof(size));
        }

        var count = SizeMilliseconds / SlideMilliseconds;
        if (count > 1024)
        {
            // Each event updates every window covering it; beyond this the per-event cost is unreasonable.
            throw new ArgumentException($"size / slide is {count}; at most 1024 windows per event are supported.", nameof(size));
        }

        MaxWindowsPerEvent = (int)count;
        OffsetMilliseconds = TumblingWindows.FloorMod((long)offset.TotalMilliseconds, SlideMilliseconds);
    }

    /// <summary>The window length in milliseconds.</summary>
    public long SizeMilliseconds { get; }

    /// <summary>The distance between window starts in milliseconds.</summary>
    public long SlideMilliseconds { get; }

    /// <summary>The alignment offset in milliseconds, in <c>[0, slide)</c>.</summary>
    public long OffsetMilliseconds { get; }

    /// <inheritdoc />
    public int MaxWindowsPerEvent { get; }

    /// <inheritdoc />
    public int AssignWindows(long eventTime, Span<TimeWindow> destination)
    {
        var lastStart = eventTime - TumblingWindows.FloorMod(eventTime - OffsetMilliseconds, SlideMilliseconds);
        var firstStart = lastStart - SizeMilliseconds + SlideMilliseconds;
        var written = 0;
        for (var start = firstStart; start <= lastStart; start += SlideMilliseconds)
        {
            destination[written++] = new TimeWindow(start, start + SizeMilliseconds);
        }

        return written;
    }
}

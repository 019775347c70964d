using Orleans.Analytics.Core.Time;

namespace Orleans.Analytics.Core.Windows;

/// <summary>A half-open time window <c>[Start, End)</c> in epoch milliseconds.</summary>
/// <param name="Start">The first millisecond inside the window.</param>
/// <param name="End">The first millisecond after the window; an event at <c>End</c> belongs to the next window.</param>
public readonly record struct TimeWindow(long Start, long End)
{
    /// <summary>The window's length in milliseconds.</summary>
    public long Size => End - Start;

    /// <summary>Whether <paramref name="epochMilliseconds"/> lies in <c>[Start, End)</c>.</summary>
    /// <param name="epochMilliseconds">An event time.</param>
    /// <returns><see langword="true"/> when the time is inside the window.</returns>
    public bool Contains(long epochMilliseconds) => epochMilliseconds >= Start && epochMilliseconds < End;

    /// <summary>The window as ISO-8601 text, e.g. <c>[2024-05-01T12:00:00.000Z, 2024-05-01T12:01:00.000Z)</c>.</summary>
    /// <returns>The formatted window.</returns>
    public override string ToString() => $"[{EventTimes.ToIso(Start)}, {EventTimes.ToIso(End)})";
}

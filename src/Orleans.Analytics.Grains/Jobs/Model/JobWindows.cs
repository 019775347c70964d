using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Jobs;

/// <summary>The windows of Flink SQL: tumbling, sliding (hop) and session windows, epoch-aligned and half-open.</summary>
public static class JobWindows
{
    /// <summary>Windows <c>[k·size, (k+1)·size)</c> (plus <paramref name="offset"/>), one per event.</summary>
    public static JobWindow Tumbling(TimeSpan size, TimeSpan offset = default) =>
        JobWindow.Of(new TumblingWindows(size, offset), $"tumbling {size}");

    /// <summary>Windows of <paramref name="size"/> starting every <paramref name="slide"/>; an event is in each of the <c>size / slide</c> windows covering it.</summary>
    public static JobWindow Sliding(TimeSpan size, TimeSpan slide, TimeSpan offset = default) =>
        JobWindow.Of(new SlidingWindows(size, slide, offset), $"sliding {size} every {slide}");

    /// <summary>
    /// Per-key sessions that end <paramref name="gap"/> after their last event, merge when an event bridges them, and are
    /// cut at <paramref name="maxDuration"/>. A session superseded by a merge or an earlier start gets a tombstone.
    /// </summary>
    public static JobWindow Session(TimeSpan gap, TimeSpan? maxDuration = null) => JobWindow.Of(new SessionWindows(gap, maxDuration));
}

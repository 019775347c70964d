namespace Orleans.Analytics.Core.Windows;

/// <summary>One window of one key, with its accumulator and emission bookkeeping.</summary>
internal sealed class WindowSlot<TAcc>
{
    public WindowSlot(long start, long end, TAcc accumulator)
    {
        Start = start;
        End = end;
        LastEventTime = long.MinValue;
        Accumulator = accumulator;
    }

    public long Start { get; set; }

    public long End { get; set; }

    public long LastEventTime { get; set; }

    public TAcc Accumulator { get; set; }

    /// <summary>The revision of the next emission; also how many emissions happened.</summary>
    public int Revision { get; set; }

    public long RecordsSinceEmission { get; set; }

    public bool Changed { get; set; }

    public bool Closed { get; set; }

    public bool LateUpdate { get; set; }

    /// <summary>
    /// The window as last emitted while its key is still this slot's (same start); <see langword="null"/> when the
    /// slot was never emitted or the key it was emitted under has been retracted. What a retraction withdraws.
    /// </summary>
    public TimeWindow? Emitted { get; set; }
}

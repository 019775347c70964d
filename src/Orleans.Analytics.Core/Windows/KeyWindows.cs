namespace Orleans.Analytics.Core.Windows;

/// <summary>The windows one key holds, plus its timer registration.</summary>
internal sealed class KeyWindows<TAcc>
{
    public List<WindowSlot<TAcc>> Slots { get; } = new(2);

    /// <summary>The earliest time this key is registered in the timer queue; <see cref="long.MaxValue"/> when none.</summary>
    /// <remarks>
    /// Only the entry equal to this value is live: when the due time moves earlier a new entry is queued and the
    /// old one is skipped when it surfaces, which keeps one queue entry per key instead of one per record.
    /// </remarks>
    public long Timer { get; set; } = long.MaxValue;

    /// <summary>Whether the key is in the list of keys to emit at the next watermark advance.</summary>
    public bool Dirty { get; set; }

    /// <summary>Superseded emissions to retract at the next watermark advance; <see langword="null"/> when none.</summary>
    public List<PendingRetraction>? Retractions { get; set; }
}

using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs;

/// <summary>What a key grain's state produces in one call: sink records (results, tombstones, late records) and counts.</summary>
internal sealed class KeyOutput
{
    public List<SinkRecord> Records { get; } = [];

    /// <summary>The wall clock of this call (for <c>late_at</c>).</summary>
    public DateTimeOffset Now { get; set; }

    /// <summary>Window ends of the results among <see cref="Records"/>, for the close-latency measurement.</summary>
    public List<long> ClosedWindowEnds { get; } = [];

    public int Results { get; set; }

    public int Tombstones { get; set; }

    public int Late { get; set; }

    public void Clear()
    {
        Records.Clear();
        ClosedWindowEnds.Clear();
        Results = 0;
        Tombstones = 0;
        Late = 0;
    }
}

using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Keys;

/// <summary>The durable state of a key grain.</summary>
[GenerateSerializer]
public sealed class KeyGrainState
{
    /// <summary>The last offset applied per source partition; records at or below it are skipped.</summary>
    [Id(0)]
    public Dictionary<int, long> Applied { get; set; } = [];

    /// <summary>The job's state for this key (UTF-8 JSON), or null when empty.</summary>
    [Id(1)]
    public byte[]? Saved { get; set; }

    /// <summary>Records computed (results, tombstones, late records) and not yet acknowledged by Kafka: sent again, unchanged, after a crash.</summary>
    [Id(2)]
    public List<SinkRecord> Outbox { get; set; } = [];

    /// <summary>The topic's rewind epoch when this was written.</summary>
    [Id(3)]
    public long Epoch { get; set; }

    /// <summary>
    /// Whether this holds everything the activation applied (written as it deactivated). A grain that finds it false
    /// may have lost what its last activation applied after this write, so it asks for a rewind and closes no window
    /// until the replay has been read.
    /// </summary>
    [Id(4)]
    public bool Clean { get; set; }
}

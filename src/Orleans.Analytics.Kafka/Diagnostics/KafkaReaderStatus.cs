using System.Collections.Concurrent;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// The source partitions this silo reads now, with their progress: what the status API reports as the partition's
/// owner and lag. One per silo (several silos in one process each have their own).
/// </summary>
public sealed class KafkaReaderStatus
{
    private readonly ConcurrentDictionary<Diagnostics.PartitionGauge, byte> _partitions = new();
    private readonly ConcurrentDictionary<(string Topic, int Partition), (long Pauses, bool Paused)> _pressure = new();

    /// <summary>Every partition this silo reads, ordered by topic and partition.</summary>
    public IReadOnlyList<KafkaPartitionReading> Partitions =>
    [
        .. _partitions.Keys
            .Select(g =>
            {
                var pressure = _pressure.GetValueOrDefault((g.Topic, g.Partition));
                return new KafkaPartitionReading(g.Topic, g.Partition, g.Lag, g.Position, g.Committed, g.Buffered(), g.InFlight())
                {
                    LastCommitAt = g.LastCommitAt,
                    LastCommitDurationMs = g.LastCommitDurationMs,
                    Pauses = pressure.Pauses,
                    Paused = pressure.Paused,
                };
            })
            .OrderBy(p => p.Topic, StringComparer.Ordinal)
            .ThenBy(p => p.Partition),
    ];

    internal void Add(Diagnostics.PartitionGauge gauge) => _partitions.TryAdd(gauge, 0);

    /// <summary>A partition's cache filled (it stops being read: one more pause) or has room again.</summary>
    internal void SetPaused(KafkaPartitionRef partition, bool paused) =>
        _pressure.AddOrUpdate(
            (partition.Topic.Name, partition.Partition),
            (paused ? 1 : 0, paused),
            (_, known) => (known.Pauses + (paused && !known.Paused ? 1 : 0), paused));

    internal void Remove(Diagnostics.PartitionGauge gauge) => _partitions.TryRemove(gauge, out _);
}

/// <summary>One partition read by this silo.</summary>
/// <param name="Topic">The source topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Lag">High watermark minus the read position, or -1 while unknown.</param>
/// <param name="Position">The next offset to read, or -1 while unknown.</param>
/// <param name="Committed">The offset last committed to the consumer group, or -1.</param>
/// <param name="Buffered">Records fetched and waiting for the Orleans receiver.</param>
/// <param name="InFlight">Records read whose delivery has not completed.</param>
public sealed record KafkaPartitionReading(string Topic, int Partition, long Lag, long Position, long Committed, int Buffered, int InFlight)
{
    /// <summary>When this silo last committed the partition's offset (everything before it done), epoch milliseconds, or -1.</summary>
    public long LastCommitAt { get; init; } = -1;

    /// <summary>How long that commit took, milliseconds, or -1.</summary>
    public double LastCommitDurationMs { get; init; } = -1;

    /// <summary>Times the partition stopped being read on this silo because its queue cache was full (back-pressure).</summary>
    public long Pauses { get; init; }

    /// <summary>Whether it is paused by a full cache now.</summary>
    public bool Paused { get; init; }
}

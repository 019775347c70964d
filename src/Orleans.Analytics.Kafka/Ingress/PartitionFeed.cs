using Orleans.Analytics.Kafka.Diagnostics;
using Orleans.Analytics.Kafka.Native;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// What the consumer thread and a partition's reader share: the partition's librdkafka queue (read by the reader),
/// where the group had committed when the reader started, and what the reader wants committed next (the consumer
/// thread commits it every commit interval, or at once when asked to).
/// </summary>
internal sealed class PartitionFeed(string topic, int partition, PartitionGauge gauge)
{
    private readonly Lock _gate = new();
    private (long Offset, string? Metadata) _target = (-1, null);

    public string Topic { get; } = topic;

    public int Partition { get; } = partition;

    public PartitionGauge Gauge { get; } = gauge;

    /// <summary>The partition's queue, opened by the consumer thread at assignment.</summary>
    public NativePartitionQueue? Queue { get; set; }

    /// <summary>The group's committed offset and metadata when the partition was assigned (offset -1: none).</summary>
    public NativeOffset CommittedAtStart { get; set; }

    /// <summary>The offset and metadata last committed (consumer thread only).</summary>
    public (long Offset, string? Metadata) LastCommitted { get; set; } = (-1, null);

    /// <summary>The offset (and metadata) the reader wants committed; -1 while it has none.</summary>
    public (long Offset, string? Metadata) Target
    {
        get
        {
            lock (_gate)
            {
                return _target;
            }
        }
    }

    /// <summary>Asks for <paramref name="offset"/> to be committed with <paramref name="metadata"/>; never moves the offset back.</summary>
    public void SetTarget(long offset, string? metadata)
    {
        lock (_gate)
        {
            _target = (Math.Max(offset, _target.Offset), metadata);
        }
    }

    public override string ToString() => $"{Topic}[{Partition}]";
}

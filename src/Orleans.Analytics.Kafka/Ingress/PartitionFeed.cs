using System.Collections.Concurrent;
using Confluent.Kafka;
using Orleans.Analytics.Kafka.Diagnostics;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// The hand-off between the consumer's poll thread and the Orleans receiver of one partition: a bounded buffer of
/// fetched records (the partition is paused when it is full) and the offsets in flight.
/// </summary>
internal sealed class PartitionFeed(TopicPartition topicPartition, int capacity)
{
    private readonly ConcurrentQueue<ConsumeResult<byte[]?, byte[]?>> _records = new();
    private int _count;

    public TopicPartition TopicPartition { get; } = topicPartition;

    public int Capacity { get; } = capacity;

    public OffsetTracker Tracker { get; } = new();

    public PartitionGauge Gauge { get; } = KafkaInstruments.Track(topicPartition.Topic, topicPartition.Partition.Value);

    /// <summary>Records buffered and not yet taken by the receiver.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Set and read on the poll thread only.</summary>
    public bool Paused { get; set; }

    /// <summary>Records read in the current poll and not yet added to the records-read counter (poll thread only).</summary>
    public int UncountedReads { get; set; }

    /// <summary>The offset last committed for this partition (poll thread only).</summary>
    public long LastCommitted { get; set; } = -1;

    public bool IsFull => Count >= Capacity;

    public bool IsDrained => Count <= Capacity / 2;

    public void Add(ConsumeResult<byte[]?, byte[]?> record)
    {
        _records.Enqueue(record);
        Interlocked.Increment(ref _count);
    }

    public bool TryTake(out ConsumeResult<byte[]?, byte[]?> record)
    {
        if (_records.TryDequeue(out record!))
        {
            Interlocked.Decrement(ref _count);
            return true;
        }

        return false;
    }
}

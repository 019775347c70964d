using System.Collections.Concurrent;

namespace Orleans.Analytics.Kafka;

/// <summary>Makes the delivery-tracking cache of each queue, and finds it again for the failure handler.</summary>
internal sealed class KafkaQueueAdapterCache(int capacity) : IQueueAdapterCache
{
    private readonly ConcurrentDictionary<QueueId, KafkaQueueCache> _caches = new();

    /// <summary>Names a queue's partition, for the caches' instruments; set once the queues are known.</summary>
    public Func<QueueId, KafkaPartitionRef?> Partition { get; set; } = static _ => null;

    /// <summary>Told when a queue's cache fills (true: the partition stops being read) or has room again (false).</summary>
    public Action<KafkaPartitionRef, bool>? PressureChanged { get; init; }

    public IQueueCache CreateQueueCache(QueueId queueId)
    {
        var cache = new KafkaQueueCache(capacity, Partition(queueId), PressureChanged);
        _caches[queueId] = cache;
        return cache;
    }

    public KafkaQueueCache? Get(QueueId queueId) => _caches.TryGetValue(queueId, out var cache) ? cache : null;
}

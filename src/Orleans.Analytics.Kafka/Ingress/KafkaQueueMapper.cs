using System.Globalization;
using System.Text;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// One Orleans queue per partition of each source topic. A stream maps to the partition Kafka's default
/// partitioner (murmur2 of the key, as in the Java client and Kafka Streams) would put its key in, so events an
/// application writes through Orleans land where externally produced records with the same key land.
/// </summary>
internal sealed class KafkaQueueMapper : IStreamQueueMapper
{
    private readonly Dictionary<QueueId, KafkaPartitionRef> _partitions = [];
    private readonly Dictionary<string, (KafkaSourceTopic Topic, QueueId[] Queues)> _byNamespace = new(StringComparer.Ordinal);
    private readonly List<QueueId> _all = [];

    public KafkaQueueMapper(IEnumerable<(KafkaSourceTopic Topic, int Partitions)> topics)
    {
        foreach (var (topic, partitions) in topics)
        {
            var queues = new QueueId[partitions];
            for (var p = 0; p < partitions; p++)
            {
                var queue = QueueId.GetQueueId(topic.Name, (uint)p, StableHash($"{topic.Name}/{p}"));
                queues[p] = queue;
                _partitions[queue] = new KafkaPartitionRef(topic, p);
                _all.Add(queue);
            }

            _byNamespace.TryAdd(topic.Namespace, (topic, queues));
        }
    }

    public IEnumerable<QueueId> GetAllQueues() => _all;

    public QueueId GetQueueForStream(StreamId streamId)
    {
        var ns = streamId.GetNamespace() ?? string.Empty;
        if (!_byNamespace.TryGetValue(ns, out var entry))
        {
            throw new ArgumentException($"Stream namespace '{ns}' is not read from any configured Kafka topic.", nameof(streamId));
        }

        return entry.Queues[PartitionFor(entry.Topic, streamId, entry.Queues.Length)];
    }

    public KafkaPartitionRef GetPartition(QueueId queueId) =>
        _partitions.TryGetValue(queueId, out var partition)
            ? partition
            : throw new ArgumentException($"Queue {queueId} is not a partition of a configured Kafka topic.", nameof(queueId));

    /// <summary>The topic whose records go to <paramref name="streamNamespace"/>, or null.</summary>
    public KafkaSourceTopic? TopicForNamespace(string streamNamespace) =>
        _byNamespace.TryGetValue(streamNamespace, out var entry) ? entry.Topic : null;

    internal static int PartitionFor(KafkaSourceTopic topic, StreamId streamId, int partitions)
    {
        var key = streamId.GetKeyAsString();
        if (topic.KeySource == StreamKeySource.Partition && int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var partition))
        {
            return partition % partitions;
        }

        return (int)((uint)(Murmur2(Encoding.UTF8.GetBytes(key)) & 0x7fffffff) % (uint)partitions);
    }

    /// <summary>Kafka's murmur2 (seed 0x9747b28c), as used by its default partitioner.</summary>
    internal static int Murmur2(ReadOnlySpan<byte> data)
    {
        const uint m = 0x5bd1e995;
        const int r = 24;
        var length = data.Length;
        var h = 0x9747b28c ^ (uint)length;
        var i = 0;
        for (; i + 4 <= length; i += 4)
        {
            var k = (uint)(data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24);
            k *= m;
            k ^= k >> r;
            k *= m;
            h *= m;
            h ^= k;
        }

        switch (length - i)
        {
            case 3:
                h ^= (uint)data[i + 2] << 16;
                goto case 2;
            case 2:
                h ^= (uint)data[i + 1] << 8;
                goto case 1;
            case 1:
                h ^= data[i];
                h *= m;
                break;
        }

        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return (int)h;
    }

    private static uint StableHash(string value) => (uint)Murmur2(Encoding.UTF8.GetBytes(value));
}

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
    // Replaced whole when partitions are added, so readers on other threads always see one consistent map.
    private volatile Snapshot _snapshot;
    private readonly Lock _growing = new();

    public KafkaQueueMapper(IEnumerable<(KafkaSourceTopic Topic, int Partitions)> topics)
    {
        _snapshot = Snapshot.Of(topics.ToList());
    }

    /// <summary>Raised after <see cref="Grow"/> added queues, for the balancer to assign them.</summary>
    public event Action? QueuesChanged;

    public IEnumerable<QueueId> GetAllQueues() => _snapshot.All;

    /// <summary>The number of partitions known of <paramref name="topic"/>, or null if it is not a source topic.</summary>
    public int? PartitionCount(string topic)
    {
        foreach (var (source, partitions) in _snapshot.Topics)
        {
            if (source.Name == topic)
            {
                return partitions;
            }
        }

        return null;
    }

    /// <summary>
    /// Adds the partitions a topic gained (<paramref name="partitions"/> is its new count; a partition count never
    /// shrinks in Kafka, so a lower one is ignored). Calls <paramref name="adding"/> with them before the map changes
    /// and <see cref="QueuesChanged"/> is raised, so that what readers of a new partition need is in place first.
    /// </summary>
    public IReadOnlyList<KafkaPartitionRef> Grow(string topic, int partitions, Action<IReadOnlyList<KafkaPartitionRef>>? adding = null)
    {
        List<KafkaPartitionRef> added;
        lock (_growing)
        {
            var current = _snapshot;
            var index = current.Topics.FindIndex(t => t.Topic.Name == topic);
            if (index < 0 || partitions <= current.Topics[index].Partitions)
            {
                return [];
            }

            var source = current.Topics[index];
            added = [.. Enumerable.Range(source.Partitions, partitions - source.Partitions).Select(p => new KafkaPartitionRef(source.Topic, p))];
            adding?.Invoke(added);
            var topics = current.Topics.ToList();
            topics[index] = (source.Topic, partitions);
            _snapshot = Snapshot.Of(topics);
        }

        QueuesChanged?.Invoke();
        return added;
    }

    public QueueId GetQueueForStream(StreamId streamId)
    {
        var ns = streamId.GetNamespace() ?? string.Empty;
        if (!_snapshot.ByNamespace.TryGetValue(ns, out var entry))
        {
            throw new ArgumentException($"Stream namespace '{ns}' is not read from any configured Kafka topic.", nameof(streamId));
        }

        return entry.Queues[PartitionFor(entry.Topic, streamId, entry.Queues.Length)];
    }

    public KafkaPartitionRef GetPartition(QueueId queueId) =>
        _snapshot.Partitions.TryGetValue(queueId, out var partition)
            ? partition
            : throw new ArgumentException($"Queue {queueId} is not a partition of a configured Kafka topic.", nameof(queueId));

    /// <summary>The topic whose records go to <paramref name="streamNamespace"/>, or null.</summary>
    public KafkaSourceTopic? TopicForNamespace(string streamNamespace) =>
        _snapshot.ByNamespace.TryGetValue(streamNamespace, out var entry) ? entry.Topic : null;

    /// <summary>The queue of partition <paramref name="partition"/> of <paramref name="topic"/>.</summary>
    internal static QueueId QueueOf(string topic, int partition) =>
        QueueId.GetQueueId(topic, (uint)partition, StableHash($"{topic}/{partition}"));

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

    private sealed record Snapshot(
        List<(KafkaSourceTopic Topic, int Partitions)> Topics,
        Dictionary<QueueId, KafkaPartitionRef> Partitions,
        Dictionary<string, (KafkaSourceTopic Topic, QueueId[] Queues)> ByNamespace,
        List<QueueId> All)
    {
        public static Snapshot Of(List<(KafkaSourceTopic Topic, int Partitions)> topics)
        {
            var snapshot = new Snapshot(topics, [], new(StringComparer.Ordinal), []);
            foreach (var (topic, partitions) in topics)
            {
                var queues = new QueueId[partitions];
                for (var p = 0; p < partitions; p++)
                {
                    queues[p] = QueueOf(topic.Name, p);
                    snapshot.Partitions[queues[p]] = new KafkaPartitionRef(topic, p);
                    snapshot.All.Add(queues[p]);
                }

                snapshot.ByNamespace.TryAdd(topic.Namespace, (topic, queues));
            }

            return snapshot;
        }
    }
}

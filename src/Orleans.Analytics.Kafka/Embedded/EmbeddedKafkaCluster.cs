using Confluent.Kafka;

namespace Orleans.Analytics.Kafka.Embedded;

using ErrorCode = Confluent.Kafka.ErrorCode;

/// <summary>
/// An in-process Kafka that speaks the real wire protocol on loopback ports, built on librdkafka's mock cluster.
/// Any Kafka client, in this process or another (kcat, a second silo), can reach it at <see cref="BootstrapServers"/>.
/// </summary>
/// <remarks>
/// The mock keeps about 5 MB per partition and drops older records silently past that; size workloads accordingly.
/// It does not serve the CreateTopics admin request: create topics with <see cref="CreateTopic"/>.
/// The fault hooks (<see cref="SetBrokersDown"/>, <see cref="PushRequestErrors"/>) exist for tests.
/// </remarks>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    /// <summary>Identifies every broker in the fault hooks.</summary>
    public const int AllBrokers = -1;

    private readonly LibrdkafkaMockApi _api;
    private readonly Lock _gate = new();
    private IntPtr _owner;
    private IntPtr _cluster;

    private EmbeddedKafkaCluster(LibrdkafkaMockApi api, IntPtr owner, IntPtr cluster, int brokers)
    {
        _api = api;
        _owner = owner;
        _cluster = cluster;
        BrokerCount = brokers;
        BootstrapServers = api.Bootstraps(cluster);
    }

    /// <summary>The comma-separated <c>host:port</c> list of the brokers.</summary>
    public string BootstrapServers { get; }

    /// <summary>The number of brokers, with ids 1 to <see cref="BrokerCount"/>.</summary>
    public int BrokerCount { get; }

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers.</summary>
    public static EmbeddedKafkaCluster Start(int brokers = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        var api = LibrdkafkaMockApi.Instance;
        var owner = api.CreateOwnerHandle();
        var cluster = api.CreateCluster(owner, brokers);
        if (cluster == IntPtr.Zero)
        {
            api.DestroyHandle(owner);
            throw new InvalidOperationException("librdkafka could not start the embedded Kafka (rd_kafka_mock_cluster_new returned null).");
        }

        return new EmbeddedKafkaCluster(api, owner, cluster, brokers);
    }

    /// <summary>Creates <paramref name="topic"/> unless it exists.</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var error = _api.CreateTopic(Cluster, topic, partitions, Math.Min(replicationFactor, BrokerCount));
        if (error is not ErrorCode.NoError and not ErrorCode.TopicAlreadyExists)
        {
            throw new KafkaException(new Error(error, $"The embedded Kafka could not create topic '{topic}' with {partitions} partitions: {error}"));
        }
    }

    /// <summary>
    /// Deletes <paramref name="topic"/> and creates it again with <paramref name="partitions"/> partitions, empty. The
    /// mock cluster cannot add partitions to a topic (it answers no CreatePartitions request, and refuses to create a
    /// topic that exists), so this is how a test makes a topic's metadata show more partitions than before.
    /// </summary>
    public void RecreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        var error = _api.DeleteTopic(Cluster, topic);
        if (error is not ErrorCode.NoError)
        {
            throw new KafkaException(new Error(error, $"The embedded Kafka could not delete topic '{topic}': {error}"));
        }

        CreateTopic(topic, partitions, replicationFactor);
    }

    /// <summary>Takes a broker down (its connections close and it refuses new ones); <see cref="AllBrokers"/> for all.</summary>
    public void SetBrokersDown(int brokerId = AllBrokers) => ForBrokers(brokerId, id => _api.SetBrokerDown(Cluster, id));

    /// <summary>Brings a broker back up; <see cref="AllBrokers"/> for all.</summary>
    public void SetBrokersUp(int brokerId = AllBrokers) => ForBrokers(brokerId, id => _api.SetBrokerUp(Cluster, id));

    /// <summary>Sets a broker's round-trip time; <see cref="AllBrokers"/> for all.</summary>
    public void SetBrokerRoundTrip(TimeSpan rtt, int brokerId = AllBrokers) => ForBrokers(brokerId, id => _api.SetBrokerRtt(Cluster, id, (int)rtt.TotalMilliseconds));

    /// <summary>Makes the next requests of protocol type <paramref name="apiKey"/> (0 = Produce, 1 = Fetch, 8 = OffsetCommit, ...) fail with <paramref name="errors"/>, in order.</summary>
    public void PushRequestErrors(short apiKey, params ErrorCode[] errors) => _api.PushRequestErrors(Cluster, apiKey, errors);

    /// <summary>Makes <paramref name="brokerId"/> the leader of every partition of <paramref name="topic"/>, so a fault of one broker hits only the topics it leads.</summary>
    public void SetLeader(string topic, int partitions, int brokerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        for (var partition = 0; partition < partitions; partition++)
        {
            var error = _api.SetPartitionLeader(Cluster, topic, partition, brokerId);
            if (error != ErrorCode.NoError)
            {
                throw new KafkaException(new Error(error, $"The embedded Kafka could not make broker {brokerId} the leader of {topic}[{partition}]: {error}"));
            }
        }
    }

    /// <summary>Makes <paramref name="brokerId"/> the coordinator of consumer group <paramref name="groupId"/> (where its offsets are committed).</summary>
    public void SetGroupCoordinator(string groupId, int brokerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        var error = _api.SetCoordinator(Cluster, "group", groupId, brokerId);
        if (error != ErrorCode.NoError)
        {
            throw new KafkaException(new Error(error, $"The embedded Kafka could not make broker {brokerId} the coordinator of group {groupId}: {error}"));
        }
    }

    /// <summary>Drops the errors still pushed for requests of type <paramref name="apiKey"/>: the next ones succeed again.</summary>
    public void ClearRequestErrors(short apiKey) => _api.ClearRequestErrors(Cluster, apiKey);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster != IntPtr.Zero)
            {
                _api.DestroyCluster(_cluster);
                _cluster = IntPtr.Zero;
            }

            if (_owner != IntPtr.Zero)
            {
                _api.DestroyHandle(_owner);
                _owner = IntPtr.Zero;
            }
        }
    }

    private IntPtr Cluster
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
                return _cluster;
            }
        }
    }

    private void ForBrokers(int brokerId, Func<int, ErrorCode> action)
    {
        var ids = brokerId == AllBrokers ? Enumerable.Range(1, BrokerCount) : [brokerId];
        foreach (var id in ids)
        {
            var error = action(id);
            if (error != ErrorCode.NoError)
            {
                throw new KafkaException(new Error(error, $"Embedded Kafka broker {id}: {error}"));
            }
        }
    }
}

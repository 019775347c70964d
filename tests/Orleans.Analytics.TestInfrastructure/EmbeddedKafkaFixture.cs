using System.Text;
using Confluent.Kafka;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Kafka.Embedded;

namespace Orleans.Analytics.TestInfrastructure;

/// <summary>One embedded Kafka for a test assembly; tests isolate themselves with their own topic names.</summary>
public sealed class EmbeddedKafkaFixture : IDisposable
{
    private int _topicCounter;

    private readonly System.Diagnostics.Metrics.MeterListener _sinkListener = new();
    private TaskCompletionSource _nextSinkRecord = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public EmbeddedKafkaFixture()
    {
        Cluster = EmbeddedKafkaCluster.Start(brokers: 3);
        _sinkListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Orleans.Analytics" && instrument.Name == "orleans_analytics.kafka.sink.records")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _sinkListener.SetMeasurementEventCallback<long>((_, _, _, _) =>
            Interlocked.Exchange(ref _nextSinkRecord, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult());
        _sinkListener.Start();
    }

    /// <summary>
    /// Completes when a silo of this process next writes a record to a sink topic, or after <paramref name="timeout"/>;
    /// callers look at the topic again either way and keep their own deadline.
    /// </summary>
    public async Task WaitForProducedAsync(string topic, TimeSpan timeout)
    {
        _ = topic;
        try
        {
            await Volatile.Read(ref _nextSinkRecord).Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // Nothing written in the window; the caller checks its deadline.
        }
    }

    public EmbeddedKafkaCluster Cluster { get; }

    public string BootstrapServers => Cluster.BootstrapServers;

    /// <summary>A topic name no other test uses.</summary>
    public string UniqueName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _topicCounter)}-{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 30)];

    public string CreateTopic(string prefix, int partitions)
    {
        var name = UniqueName(prefix);
        Cluster.CreateTopic(name, partitions);
        return name;
    }

    public IProducer<string?, string> CreateProducer(int? maxBatchRecords = null) =>
        new ProducerBuilder<string?, string>(new ProducerConfig { BootstrapServers = BootstrapServers, EnableIdempotence = true, LingerMs = 2, BatchNumMessages = maxBatchRecords }).Build();

    /// <summary>
    /// Produces every record and waits for all acknowledgements; returns their (partition, offset) positions.
    /// <paramref name="maxBatchRecords"/> caps the records of one producer batch (a fetch returns at least a whole batch).
    /// </summary>
    public async Task<List<(int Partition, long Offset, string? Key)>> ProduceAsync(string topic, IEnumerable<(string? Key, string Value)> records, int? maxBatchRecords = null)
    {
        NativeKafka.EnsureLoaded();
        using var producer = CreateProducer(maxBatchRecords);
        var deliveries = records.Select(r => producer.ProduceAsync(topic, new Message<string?, string> { Key = r.Key, Value = r.Value })).ToList();
        var results = await Task.WhenAll(deliveries);
        return [.. results.Select(r => (r.Partition.Value, r.Offset.Value, r.Message.Key))];
    }

    /// <summary>Reads a topic from the beginning to its current end.</summary>
    public List<ConsumeResult<string?, string>> ReadAll(string topic, TimeSpan? timeout = null)
    {
        NativeKafka.EnsureLoaded();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => p.PartitionId).ToList();
        using var consumer = new ConsumerBuilder<string?, string>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
        }).Build();
        var ends = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
        var records = new List<ConsumeResult<string?, string>>();
        var pending = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        if (pending.Count == 0)
        {
            return records;
        }

        consumer.Assign(pending.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result?.Message is null)
            {
                continue;
            }

            records.Add(result);
            if (result.Offset.Value + 1 >= ends[result.Partition.Value])
            {
                pending.Remove(result.Partition.Value);
            }
        }

        return pending.Count == 0 ? records : throw new TimeoutException($"Reading {topic} to its end did not finish; partitions left: {string.Join(',', pending)}");
    }

    /// <summary>The offsets <paramref name="group"/> committed for <paramref name="topic"/>, per partition (-1 when none).</summary>
    public Dictionary<int, long> CommittedOffsets(string group, string topic, int partitions)
    {
        NativeKafka.EnsureLoaded();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = BootstrapServers, GroupId = group }).Build();
        var committed = consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10));
        return committed.ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
    }

    public static string Text(byte[] value) => Encoding.UTF8.GetString(value);

    public void Dispose()
    {
        _sinkListener.Dispose();
        Cluster.Dispose();

        // Every silo closes its clients when it stops; a client left open would run into process exit.
        if (!LibrdkafkaMockApi.Instance.WaitAllDestroyed(TimeSpan.FromSeconds(10)))
        {
            Console.Error.WriteLine("Warning: Kafka clients are still open after every test finished; a silo or test did not close one.");
        }
    }
}

using System.Text.Json;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// The provider's adapter: makes a receiver per partition, and writes events an application sends through the
/// Orleans stream API to the topic of the stream's namespace (JSON, keyed by the stream key).
/// </summary>
internal sealed class KafkaQueueAdapter(string name, KafkaQueueMapper mapper, Func<QueueId, IQueueAdapterReceiver> createReceiver, KafkaSinkWriter sink)
    : IQueueAdapter
{
    public string Name { get; } = name;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => createReceiver(queueId);

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        var ns = streamId.GetNamespace() ?? string.Empty;
        var topic = mapper.TopicForNamespace(ns)
            ?? throw new ArgumentException($"Stream namespace '{ns}' is not read from any configured Kafka topic, so events cannot be written to it.", nameof(streamId));
        var queue = mapper.GetQueueForStream(streamId);
        var partition = mapper.GetPartition(queue).Partition;
        var key = streamId.GetKeyAsString();
        var writes = new List<Task>();
        foreach (var item in events)
        {
            var value = item switch
            {
                KafkaRecord record => record.Value,
                byte[] bytes => bytes,
                _ => JsonSerializer.SerializeToUtf8Bytes(item),
            };
            writes.Add(sink.ProduceToPartitionAsync(topic.Name, partition, key, value));
        }

        await Task.WhenAll(writes);
    }
}

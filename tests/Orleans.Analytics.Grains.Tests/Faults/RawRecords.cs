using Confluent.Kafka;
using Orleans.Analytics.Kafka.Embedded;

namespace Orleans.Analytics.Grains.Tests.Faults;

/// <summary>A record as bytes, so that values which are not text (invalid UTF-8, null) can be written too.</summary>
internal sealed record RawRecord(string? Key, byte[]? Value, int? Partition = null);

/// <summary>Writes <see cref="RawRecord"/>s to the embedded Kafka and tells where each landed.</summary>
internal static class RawRecords
{
    public static IProducer<string?, byte[]?> CreateProducer(string bootstrapServers)
    {
        NativeKafka.EnsureLoaded();
        return new ProducerBuilder<string?, byte[]?>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            LingerMs = 2,
            MessageMaxBytes = 2_000_000,
        }).Build();
    }

    /// <summary>Writes <paramref name="records"/> in order and waits for every acknowledgement; returns their positions.</summary>
    public static async Task<List<(int Partition, long Offset)>> ProduceAsync(IProducer<string?, byte[]?> producer, string topic, IEnumerable<RawRecord> records)
    {
        var deliveries = records.Select(r =>
        {
            var message = new Message<string?, byte[]?> { Key = r.Key, Value = r.Value };
            return r.Partition is { } partition
                ? producer.ProduceAsync(new TopicPartition(topic, partition), message)
                : producer.ProduceAsync(topic, message);
        }).ToList();
        var results = await Task.WhenAll(deliveries);
        return [.. results.Select(r => (r.Partition.Value, r.Offset.Value))];
    }
}

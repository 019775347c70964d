using System.Diagnostics;
using Confluent.Kafka;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Benchmarks;

/// <summary>The reference of the load commands: a bare Confluent.Kafka consumer reading a topic from the start.</summary>
internal static class BareRead
{
    /// <summary>The silo's own consumer settings (<see cref="KafkaClientConfig"/>), so the reference reads as the silo's client can.</summary>
    public static ConsumerConfig SiloSettings(string bootstrap) =>
        KafkaClientConfig.Consumer(new KafkaStreamOptions { BootstrapServers = bootstrap }, "bench-bare");

    /// <summary>The faster of two reads: the first read of fresh data varies between runs.</summary>
    public static TimeSpan Best(string bootstrap, string topic, int partitions, int count, ConsumerConfig? settings)
    {
        var first = Time(bootstrap, topic, partitions, count, settings);
        var second = Time(bootstrap, topic, partitions, count, settings);
        return first < second ? first : second;
    }

    /// <summary>Times reading <paramref name="count"/> records of <paramref name="partitions"/> partitions; null settings are librdkafka's defaults.</summary>
    public static TimeSpan Time(string bootstrap, string topic, int partitions, int count, ConsumerConfig? settings)
    {
        var watch = Stopwatch.StartNew();
        var config = new ConsumerConfig(settings ?? new ConsumerConfig())
        {
            BootstrapServers = bootstrap,
            GroupId = "bench-bare-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var read = 0;
        while (read < count)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(5)) is { Message: not null })
            {
                read++;
            }
        }

        return watch.Elapsed;
    }
}

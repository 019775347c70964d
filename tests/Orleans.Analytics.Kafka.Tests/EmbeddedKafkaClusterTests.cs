using System.Text;
using Confluent.Kafka;
using Orleans.Analytics.Kafka.Embedded;

namespace Orleans.Analytics.Kafka.Tests;

public sealed class EmbeddedKafkaClusterTests
{
    [Fact]
    public async Task Records_produced_to_a_created_topic_can_be_consumed_over_the_wire()
    {
        using var kafka = EmbeddedKafkaCluster.Start(brokers: 2);
        kafka.CreateTopic("smoke", partitions: 3);

        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, EnableIdempotence = true }).Build())
        {
            for (var i = 0; i < 30; i++)
            {
                await producer.ProduceAsync("smoke", new Message<string, string> { Key = $"k{i}", Value = $"v{i}" }, TestContext.Current.CancellationToken);
            }
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = "smoke-test",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Assign(Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset("smoke", p, Offset.Beginning)));
        var seen = new HashSet<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (seen.Count < 30 && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is { } message)
            {
                seen.Add(message.Value);
            }
        }

        seen.Count.ShouldBe(30);
    }

    [Fact]
    public void Topic_metadata_shows_the_partitions_that_were_created()
    {
        using var kafka = EmbeddedKafkaCluster.Start();
        kafka.CreateTopic("four", partitions: 4);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        var metadata = admin.GetMetadata("four", TimeSpan.FromSeconds(10));
        metadata.Topics.Single().Partitions.Count.ShouldBe(4);
        kafka.BootstrapServers.ShouldNotBeNullOrEmpty();
        Encoding.UTF8.GetByteCount(kafka.BootstrapServers).ShouldBeGreaterThan(0);
    }
}

using System.Text;

namespace Orleans.Analytics.Kafka.Tests;

public sealed class KafkaQueueMapperTests
{
    [Theory]
    // Values of Kafka's own murmur2 test vectors (org.apache.kafka.common.utils.UtilsTest).
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Murmur2_matches_the_Java_client(string key, int expected) =>
        KafkaQueueMapper.Murmur2(Encoding.UTF8.GetBytes(key)).ShouldBe(expected);

    [Fact]
    public void Every_partition_of_every_topic_is_one_queue()
    {
        var a = new KafkaSourceTopic { Name = "a" };
        var b = new KafkaSourceTopic { Name = "b", StreamNamespace = "bees" };
        var mapper = new KafkaQueueMapper([(a, 4), (b, 2)]);

        var queues = mapper.GetAllQueues().ToList();
        queues.Count.ShouldBe(6);
        queues.Distinct().Count().ShouldBe(6);
        queues.Select(mapper.GetPartition).Select(p => (p.Topic.Name, p.Partition))
            .ShouldBe([("a", 0), ("a", 1), ("a", 2), ("a", 3), ("b", 0), ("b", 1)]);
    }

    [Fact]
    public void A_stream_maps_to_the_partition_Kafka_puts_its_key_in()
    {
        var topic = new KafkaSourceTopic { Name = "events" };
        var mapper = new KafkaQueueMapper([(topic, 4)]);
        var queue = mapper.GetQueueForStream(StreamId.Create("events", "foobar"));
        // Java: toPositive(murmur2("foobar")) % 4.
        mapper.GetPartition(queue).Partition.ShouldBe((-790332482 & 0x7fffffff) % 4);
    }

    [Fact]
    public void Partition_keyed_topics_map_a_stream_to_its_partition()
    {
        var topic = new KafkaSourceTopic { Name = "input", KeySource = StreamKeySource.Partition };
        var mapper = new KafkaQueueMapper([(topic, 8)]);
        mapper.GetPartition(mapper.GetQueueForStream(StreamId.Create("input", "5"))).Partition.ShouldBe(5);
    }

    [Fact]
    public void A_namespace_no_topic_feeds_is_rejected_with_its_name()
    {
        var mapper = new KafkaQueueMapper([(new KafkaSourceTopic { Name = "events" }, 1)]);
        Should.Throw<ArgumentException>(() => mapper.GetQueueForStream(StreamId.Create("other", "k"))).Message.ShouldContain("'other'");
    }
}

using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Orleans.Analytics.Kafka.Tests;

public sealed class KafkaBatchContainerTests
{
    private static readonly StreamId Stream = StreamId.Create("ns", "3");

    private static KafkaRecord Record(long offset) => new("events", 3, offset, null, [(byte)'{', (byte)'}'], 0);

    [Fact]
    public void A_per_record_consumer_gets_each_event_with_its_own_position()
    {
        var container = new KafkaBatchContainer(Stream, 3, [Record(10), Record(11), Record(14)], [10, 11, 14]);

        var events = container.GetEvents<KafkaRecord>().ToList();

        events.Select(e => e.Item1.Offset).ShouldBe([10, 11, 14]);
        events.Select(e => (KafkaSequenceToken)e.Item2).ShouldBe([new(3, 10), new(3, 11), new(3, 14)]);
        container.SequenceToken.ShouldBe(new KafkaSequenceToken(3, 10));
        container.LastToken.ShouldBe(new KafkaSequenceToken(3, 14));
    }

    [Fact]
    public void A_batch_consumer_gets_the_whole_delivery_as_one_item_at_the_last_position()
    {
        var container = new KafkaBatchContainer(Stream, 3, [Record(10), Record(11), Record(14)], [10, 11, 14]);

        var events = container.GetEvents<KafkaRecordBatch>().ToList();

        events.Count.ShouldBe(1);
        var (batch, token) = (events[0].Item1, events[0].Item2);
        batch.Records.Select(r => r.Offset).ShouldBe([10, 11, 14]);
        batch.Partition.ShouldBe(3);
        batch.LastOffset.ShouldBe(14);
        token.ShouldBe(new KafkaSequenceToken(3, 14));
        container.GetEvents<KafkaRecordBatch>().Single().Item1.ShouldBeSameAs(batch, "consumers in one silo share the batch");
    }

    [Fact]
    public void A_batch_holds_only_record_events_and_none_is_delivered_without_any()
    {
        var mixed = new KafkaBatchContainer(Stream, 3, ["not a record", Record(5)], [4, 5]);
        mixed.GetEvents<KafkaRecordBatch>().Single().Item1.Records.Select(r => r.Offset).ShouldBe([5]);
        mixed.GetEvents<string>().Single().Item2.ShouldBe(new KafkaSequenceToken(3, 4));

        var none = new KafkaBatchContainer(Stream, 3, ["only text"], [4]);
        none.GetEvents<KafkaRecordBatch>().ShouldBeEmpty();
    }
}

public sealed class KafkaBatchSerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer()
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void A_container_sent_to_another_silo_arrives_with_its_events_and_offsets()
    {
        var sent = new KafkaBatchContainer(StreamId.Create("ns", "3"), 3, [new KafkaRecord("events", 3, 7, "k", [1, 2], 5)], [7]);
        sent.GetEvents<KafkaRecordBatch>().ShouldHaveSingleItem();

        var received = Serializer.Deserialize<KafkaBatchContainer>(Serializer.SerializeToArray(sent))!;

        received.StreamId.ShouldBe(sent.StreamId);
        received.LastToken.ShouldBe(new KafkaSequenceToken(3, 7));
        var batch = received.GetEvents<KafkaRecordBatch>().Single().Item1;
        var record = batch.Records.ShouldHaveSingleItem();
        (record.Topic, record.Partition, record.Offset, record.Key, record.TimestampMs).ShouldBe(("events", 3, 7L, "k", 5L));
        record.Value.ShouldBe([1, 2]);
    }

    [Fact]
    public void A_batch_passed_to_a_grain_on_another_silo_arrives_whole()
    {
        var sent = new KafkaRecordBatch([new KafkaRecord("events", 1, 4, null, [9], 0), new KafkaRecord("events", 1, 6, null, [8], 0)]);

        var received = Serializer.Deserialize<KafkaRecordBatch>(Serializer.SerializeToArray(sent))!;

        received.Records.Select(r => r.Offset).ShouldBe([4, 6]);
        received.Records.Select(r => r.Value[0]).ShouldBe([(byte)9, (byte)8]);
        received.Partition.ShouldBe(1);
    }
}

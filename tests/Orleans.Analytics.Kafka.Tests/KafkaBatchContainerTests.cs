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

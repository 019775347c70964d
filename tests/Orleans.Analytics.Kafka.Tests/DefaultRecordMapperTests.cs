using System.Text;

namespace Orleans.Analytics.Kafka.Tests;

public sealed class DefaultRecordMapperTests
{
    private static KafkaRecord Record(string? key, string value, int partition = 2) =>
        new("events", partition, 17, key, Encoding.UTF8.GetBytes(value), 1_700_000_000_000);

    [Fact]
    public void A_keyed_JSON_record_goes_to_the_stream_of_its_key_in_the_topic_namespace()
    {
        var mapper = new DefaultRecordMapper(new KafkaSourceTopic { Name = "events", StreamNamespace = "ns" });
        var mapping = mapper.Map(Record("user-7", """{"a":1}"""));
        mapping.IsRejected.ShouldBeFalse();
        mapping.StreamId.ShouldBe(StreamId.Create("ns", "user-7"));
        mapping.Event.ShouldBeOfType<KafkaRecord>().Offset.ShouldBe(17);
    }

    [Fact]
    public void A_record_without_a_key_goes_to_the_stream_of_its_partition()
    {
        var mapper = new DefaultRecordMapper(new KafkaSourceTopic { Name = "events" });
        mapper.Map(Record(null, "[1,2]", partition: 3)).StreamId.ShouldBe(StreamId.Create("events", "3"));
    }

    [Theory]
    [InlineData("this is not valid JSON")]
    [InlineData("{\"a\":")]
    [InlineData("{\"a\":1} trailing")]
    [InlineData("")]
    public void A_value_that_is_not_JSON_is_rejected_with_the_reason(string value)
    {
        var mapper = new DefaultRecordMapper(new KafkaSourceTopic { Name = "events" });
        var mapping = mapper.Map(Record("k", value));
        mapping.IsRejected.ShouldBeTrue();
        mapping.ErrorType.ShouldBe("PARSE_ERROR");
        mapping.Reason.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void A_raw_topic_accepts_any_bytes()
    {
        var mapper = new DefaultRecordMapper(new KafkaSourceTopic { Name = "events", Format = RecordFormat.Raw, KeySource = StreamKeySource.Partition });
        var mapping = mapper.Map(Record("k", "not json"));
        mapping.IsRejected.ShouldBeFalse();
        mapping.StreamId.ShouldBe(StreamId.Create("events", "2"));
    }
}

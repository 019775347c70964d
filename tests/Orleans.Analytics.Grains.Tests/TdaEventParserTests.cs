using System.Text;
using Orleans.Analytics.Jobs.Tda;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Grains.Tests;

public sealed class TdaEventParserTests
{
    private static (TdaParseStatus Status, TdaEvent? Event, string? Error) Parse(string json)
    {
        var status = TdaEventParser.Parse(new KafkaRecord("t", 0, 0, null, Encoding.UTF8.GetBytes(json), 42), out var parsed, out var error);
        return (status, parsed, error);
    }

    [Theory]
    [InlineData("""{"type":"point_cloud_update"}""")]
    [InlineData("""{"type":"streaming_data"}""")]
    [InlineData("""{"type":"real_time_computation"}""")]
    [InlineData("""{"type":"file_processed"}""")]
    [InlineData("""{"type":"anything","payload":{"points":[]}}""")]
    [InlineData("""{"payload":{"point_cloud":[[1,2]]}}""")]
    public void The_seed_filter_accepts_TDA_types_and_payloads_with_points(string json) =>
        Parse(json).Status.ShouldBe(TdaParseStatus.Accepted);

    [Theory]
    [InlineData("""{"type":"page_view","payload":{"url":"/"}}""")]
    [InlineData("""{"type":"page_view","points":[[1,2]]}""")]
    [InlineData("""[1,2]""")]
    public void Other_events_are_filtered(string json) => Parse(json).Status.ShouldBe(TdaParseStatus.Filtered);

    [Fact]
    public void Points_algorithm_and_timestamp_are_read_from_the_payload()
    {
        var (status, parsed, _) = Parse("""{"type":"x","timestamp":1000,"payload":{"points":[[1,2],[3,4.5]],"algorithm":"alpha_complex"}}""");

        status.ShouldBe(TdaParseStatus.Accepted);
        parsed!.Points.Count.ShouldBe(2);
        parsed.Points[1].ShouldBe([3.0, 4.5]);
        parsed.Algorithm.ShouldBe("alpha_complex");
        parsed.EventTimeMs.ShouldBe(1000);
    }

    [Fact]
    public void Top_level_points_of_a_TDA_type_count_and_the_record_time_is_the_fallback()
    {
        var (_, parsed, _) = Parse("""{"type":"streaming_data","points":[[1],[2],[3]]}""");
        parsed!.Points.Count.ShouldBe(3);
        parsed.EventTimeMs.ShouldBe(42);
    }

    [Theory]
    [InlineData("""{"type":"streaming_data","payload":{"points":5}}""", "Field 'payload.points' must be an array of points (arrays of numbers) but was the number 5.")]
    [InlineData("""{"type":"streaming_data","data":{"point_cloud":[[1,2],[3]]}}""", "Point 1 of 'data.point_cloud' has 1 coordinates but point 0 has 2.")]
    [InlineData("""{"type":"streaming_data","payload":{"points":[[]]}}""", "Point 0 of 'payload.points' must be a non-empty array of numbers but was an array.")]
    [InlineData("""{"type":"streaming_data","payload":{"points":[[1,null]]}}""", "Coordinate 1 of point 0 of 'payload.points' must be a finite number but was null.")]
    public void Unusable_points_are_invalid_with_a_reason(string json, string reason)
    {
        var (status, _, error) = Parse(json);
        status.ShouldBe(TdaParseStatus.Invalid);
        error.ShouldBe(reason);
    }

    [Fact]
    public void The_mapper_routes_keyless_records_by_stream_id_and_rejects_non_JSON()
    {
        var mapper = new TdaRecordMapper(TdaStreams.Events);
        KafkaRecord Record(string? key, string value) => new("t", 0, 0, key, Encoding.UTF8.GetBytes(value), 0);

        mapper.Map(Record(null, """{"a":{"stream_id":"inner"},"stream_id":"s1"}""")).StreamId.GetKeyAsString().ShouldBe("s1");
        mapper.Map(Record(null, """{"type":"x"}""")).StreamId.GetKeyAsString().ShouldBe("default");
        mapper.Map(Record("k", """{"stream_id":"s1"}""")).StreamId.GetKeyAsString().ShouldBe("k");
        mapper.Map(Record(null, "not json")).IsRejected.ShouldBeTrue();
        mapper.Map(Record(null, """{"a":1} {}""")).IsRejected.ShouldBeTrue();
        var surrogate = mapper.Map(Record(null, """{"stream_id":"\udc00"}"""));
        surrogate.IsRejected.ShouldBeTrue();
        surrogate.ErrorType.ShouldBe("PARSE_ERROR");
    }

    [Fact]
    public void Text_with_a_lone_surrogate_escape_is_invalid_not_a_crash()
    {
        var (status, _, error) = Parse("""{"type":"\ud800","payload":{"points":[[1,2]]}}""");

        status.ShouldBe(TdaParseStatus.Invalid);
        error!.ShouldStartWith("The record value is not valid JSON");
    }
}

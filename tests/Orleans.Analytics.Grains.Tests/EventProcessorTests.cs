using System.Text;
using System.Text.Json;
using Orleans.Analytics.Jobs.EventProcessing;

namespace Orleans.Analytics.Grains.Tests;

public sealed class EventProcessorTests
{
    private static readonly DateTimeOffset Now = new(2024, 12, 4, 15, 30, 0, 123, TimeSpan.Zero);
    private readonly EventProcessor _processor = new("orleans-event-processor");

    private (bool IsError, JsonElement Record) Process(string raw)
    {
        var result = _processor.Process(Encoding.UTF8.GetBytes(raw), Now);
        return (result.IsError, JsonDocument.Parse(result.Value).RootElement);
    }

    [Fact]
    public void A_valid_event_is_enriched_as_in_the_seed()
    {
        var (isError, output) = Process("""{"id":"event-123","type":"user-action","timestamp":1733326200000,"data":{"action":"click","userId":42}}""");

        isError.ShouldBeFalse();
        output.GetProperty("originalId").GetString().ShouldBe("event-123");
        output.GetProperty("eventType").GetString().ShouldBe("user-action");
        output.GetProperty("processedAt").GetString().ShouldBe("2024-12-04T15:30:00.123Z");
        output.GetProperty("processingDelay").GetInt64().ShouldBe(Now.ToUnixTimeMilliseconds() - 1733326200000);
        var enriched = output.GetProperty("enrichedData");
        enriched.GetProperty("action").GetString().ShouldBe("click");
        enriched.GetProperty("userId").GetInt32().ShouldBe(42);
        enriched.GetProperty("original_timestamp").GetInt64().ShouldBe(1733326200000);
        enriched.GetProperty("processing_pipeline").GetString().ShouldBe("orleans-event-processor");
        output.EnumerateObject().Select(p => p.Name).ShouldBe(["originalId", "eventType", "processedAt", "processingDelay", "enrichedData"]);
    }

    [Fact]
    public void An_event_without_data_gets_enriched_data_with_the_metadata_only()
    {
        var (isError, output) = Process("""{"id":"a","type":"t","timestamp":1}""");
        isError.ShouldBeFalse();
        output.GetProperty("enrichedData").EnumerateObject().Select(p => p.Name).ShouldBe(["original_timestamp", "processing_pipeline"]);
    }

    [Fact]
    public void The_pipeline_fields_win_over_data_fields_of_the_same_name()
    {
        var (_, output) = Process("""{"id":"a","type":"t","timestamp":5,"data":{"original_timestamp":"spoof","processing_pipeline":"x"}}""");
        var enriched = output.GetProperty("enrichedData");
        enriched.GetProperty("original_timestamp").GetInt64().ShouldBe(5);
        enriched.GetProperty("processing_pipeline").GetString().ShouldBe("orleans-event-processor");
    }

    [Theory]
    [InlineData("this is not valid JSON")]
    [InlineData("{\"id\":")]
    [InlineData("")]
    public void Bytes_that_are_not_JSON_are_a_parse_error_with_the_raw_message(string raw)
    {
        var (isError, error) = Process(raw);
        isError.ShouldBeTrue();
        error.GetProperty("errorType").GetString().ShouldBe("PARSE_ERROR");
        error.GetProperty("rawMessage").GetString().ShouldBe(raw);
        error.GetProperty("errorMessage").GetString().ShouldNotBeNullOrWhiteSpace();
        error.GetProperty("timestamp").GetString().ShouldBe("2024-12-04T15:30:00.123Z");
    }

    [Fact]
    public void A_lone_surrogate_escape_is_a_parse_error_not_a_crash()
    {
        var (isError, error) = Process("""{"id":"\ud800","type":"t","timestamp":1}""");
        isError.ShouldBeTrue();
        error.GetProperty("errorType").GetString().ShouldBe("PARSE_ERROR");
    }

    [Fact]
    public void Invalid_UTF8_is_a_parse_error()
    {
        var result = _processor.Process([0x7b, 0xff, 0xfe, 0x7d], Now);
        result.IsError.ShouldBeTrue();
        JsonDocument.Parse(result.Value).RootElement.GetProperty("errorType").GetString().ShouldBe("PARSE_ERROR");
    }

    [Theory]
    [InlineData("[1,2]", "Expected a JSON object but got an array")]
    [InlineData("\"text\"", "Expected a JSON object but got a string")]
    [InlineData("""{"type":"t","timestamp":1}""", "Missing required field 'id'")]
    [InlineData("""{"id":"","type":"t","timestamp":1}""", "Field 'id' must not be empty")]
    [InlineData("""{"id":7,"type":"t","timestamp":1}""", "Field 'id' must be a string but was a number")]
    [InlineData("""{"id":"a","timestamp":1}""", "Missing required field 'type'")]
    [InlineData("""{"id":"a","type":null,"timestamp":1}""", "Missing required field 'type'")]
    [InlineData("""{"id":"a","type":"t"}""", "Missing required field 'timestamp' (epoch milliseconds)")]
    [InlineData("""{"id":"a","type":"t","timestamp":"yesterday"}""", "Field 'timestamp' must be an integer (epoch milliseconds) but was a string")]
    [InlineData("""{"id":"a","type":"t","timestamp":12.5}""", "Field 'timestamp' must be an integer (epoch milliseconds) but was the number 12.5")]
    [InlineData("""{"id":"a","type":"t","timestamp":1,"data":[1]}""", "Field 'data' must be an object but was an array")]
    public void JSON_that_is_not_a_valid_event_is_a_validation_error_saying_what_is_wrong(string raw, string message)
    {
        var (isError, error) = Process(raw);
        isError.ShouldBeTrue();
        error.GetProperty("errorType").GetString().ShouldBe("VALIDATION_ERROR");
        error.GetProperty("errorMessage").GetString().ShouldBe(message);
        error.GetProperty("rawMessage").GetString().ShouldBe(raw);
    }

    [Fact]
    public void Every_problem_of_an_event_is_reported_at_once()
    {
        var (_, error) = Process("""{"id":1,"timestamp":"x"}""");
        error.GetProperty("errorMessage").GetString().ShouldBe(
            "Field 'id' must be a string but was a number; Missing required field 'type'; Field 'timestamp' must be an integer (epoch milliseconds) but was a string");
    }
}

using System.Globalization;
using System.Text;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Grains.Tests.Parsing;

public sealed class AnalyticsEventParserTests
{
    private static readonly string LongAgent = "Mozilla/5.0 (Linux; Android 14) " + new string('x', 400) + " Mobile Safari";

    private static KafkaRecord Record(string value, string? key = "k1") => new("analytics_events", 3, 77, key, Encoding.UTF8.GetBytes(value), 1);

    private static void ShouldMatchReference(string value)
    {
        var record = Record(value);
        var expected = ReferenceEventParser.Parse(record);
        var ok = JobHarness.Parse(record, out var parsed, out var errorType, out var error);

        ok.ShouldBe(expected.Event is not null, value);
        error.ShouldBe(expected.Error, value);
        if (ok)
        {
            parsed.ShouldBe(expected.Event!.Value, value);
        }
        else
        {
            errorType.ShouldBe(expected.ErrorType, value);
        }
    }

    [Theory]
    [InlineData("""{"event_id":"e1","event_time":1714564800000,"user_id":"u1","session_id":"s1","event":{"type":"page_view","page":"/cart"},"device":{"user_agent":"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile"},"performance":{"page_load_ms":812.5}}""")]
    [InlineData("""{"event_time":"2024-05-01T12:00:00.123Z","event":{"type":"click"}}""")]
    [InlineData("""{"event_time":"1714564800000","event":{"type":"click"},"device":{"type":" Tablet "}}""")]
    [InlineData("""{"event_time":1.7145648E12,"event":{"type":"click"}}""")]
    [InlineData("""{"event_time":1714564800000.5,"event":{"type":"click"}}""")]
    [InlineData("""{"event_time":1e400,"event":{"type":"click"}}""")]
    [InlineData("""{"event_time":null,"event":{"type":"click"}}""")]
    [InlineData("""{"event_time":{"at":[1,2,{"x":"a very long value that goes on and on past the sixty-four characters"}]},"event":{"type":"click"}}""")]
    [InlineData("""{"event_time":true,"event":{"type":"click"}}""")]
    [InlineData("""{"event_time":"yesterday","event":{"type":"click"}}""")]
    [InlineData("""{"event":{"type":"click"}}""")]
    [InlineData("""{"event_time":1,"event":{"type":""}}""")]
    [InlineData("""{"event_time":1,"event":"click"}""")]
    [InlineData("""{"event_time":1,"event":{"type":7}}""")]
    [InlineData("""{"event_time":1,"event":{"type":"page\u005fview","page":"/caf\u00e9"}}""")]
    [InlineData("""{"event_time":1,"event":{"type":"a"},"event":{"page":"/only-page"}}""")]
    [InlineData("""{"event_time":1,"event":{"type":"a","type":"b"},"event_time":2}""")]
    [InlineData("""{"event_time":1,"event":{"type":"a"},"device":{"user_agent":"Googlebot/2.1 Mobile","type":"mobile"}}""")]
    [InlineData("""{"event_time":1,"event":{"type":"a"},"device":{"user_agent":"x","user_agent":5}}""")]
    [InlineData("""{"event_time":1,"event":{"type":"a"},"device":"phone"}""")]
    [InlineData("""{"event_time":1,"event":{"type":"a"},"performance":{"page_load_ms":-1}}""")]
    [InlineData("""{"event_time":1,"event":{"type":"a"},"performance":{"page_load_ms":"12"}}""")]
    [InlineData("""{"event_time":1,"event":{"type":"a"},"performance":{"page_load_ms":1e400}}""")]
    [InlineData("""{"event_time":1,"event":{"type":"a"},"performance":{"page_load_ms":5,"page_load_ms":null}}""")]
    [InlineData("""{"event_time":1,"event":{"type":"a"},"user_id":42,"session_id":null,"event_id":["x"]}""")]
    [InlineData("""{"event_time":1,"event":{"type":"a"},"extra":{"deep":[[[{"event":{"type":"ignored"}}]]]}}""")]
    [InlineData("""{"event_time":1,"event":{"type":"a"}} trailing""")]
    [InlineData("""{"event_time":1,"event":{"type":"a"}""")]
    [InlineData("""{"event_time":1,"event":{"type":"a"},}""")]
    [InlineData("""[1,2]""")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("this is not valid JSON")]
    [InlineData("""{"event_time":1,"event":{"type":"a"},"user_id":"\ude00"}""")]
    [InlineData("""{"event_time":1,"event":{"type":"\ud83d"}}""")]
    public void Reads_records_as_the_reference_does(string value) => ShouldMatchReference(value);

    [Fact]
    public void A_user_agent_longer_than_the_stack_buffer_is_still_categorised()
    {
        var json = $$$"""{"event_time":1,"event":{"type":"a"},"device":{"user_agent":"{{{LongAgent}}}"}}""";
        ShouldMatchReference(json);
        JobHarness.Parse(Record(json), out var parsed, out _, out _).ShouldBeTrue();
        parsed.DeviceCategory.ShouldBe("mobile");
    }

    [Fact]
    public void Event_types_and_pages_are_shared_strings()
    {
        JobHarness.Parse(Record("""{"event_time":1,"event":{"type":"shared_type","page":"/shared"}}"""), out var first, out _, out _).ShouldBeTrue();
        JobHarness.Parse(Record("""{"event_time":2,"event":{"type":"shared_type","page":"/shared"}}"""), out var second, out _, out _).ShouldBeTrue();

        ReferenceEquals(first.Type, second.Type).ShouldBeTrue();
        ReferenceEquals(first.Page, second.Page).ShouldBeTrue();
    }

    [Fact]
    public void Text_that_is_not_UTF_8_is_a_parse_error_not_a_crash()
    {
        var value = Encoding.UTF8.GetBytes("""{"event_time":1,"event":{"type":"page_view"},"user_id":"u?"}""");
        value[^3] = 0xFF;
        JobHarness.Parse(new KafkaRecord("t", 0, 0, null, value, 1), out _, out var errorType, out var error).ShouldBeFalse();

        errorType.ShouldBe("PARSE_ERROR");
        error.ShouldStartWith("The record value is not valid JSON");
    }

    [Fact]
    public void The_record_key_stands_in_for_a_missing_user()
    {
        JobHarness.Parse(Record("""{"event_time":1,"event":{"type":"a"}}""", key: "from-key"), out var parsed, out _, out _).ShouldBeTrue();
        parsed.UserId.ShouldBe("from-key");
    }

    [Fact]
    public void Random_records_and_their_corruptions_read_as_the_reference_reads_them()
    {
        var random = new Random(20261123);
        for (var i = 0; i < 5_000; i++)
        {
            var json = RandomRecord(random);
            ShouldMatchReference(json);
            ShouldMatchReference(Corrupt(json, random));
        }
    }

    private static string RandomRecord(Random random)
    {
        var fields = new List<string>();
        void Maybe(double chance, string field)
        {
            if (random.NextDouble() < chance)
            {
                fields.Add(field);
            }
        }

        string Pick(params string[] values) => values[random.Next(values.Length)];

        Maybe(0.9, "\"event_time\":" + Pick("1714564800000", "1714564800000.0", "1714564800000.25", "\"2024-05-01T12:00:00Z\"", "\"2024-05-01 12:00:00.123456789+02:00\"", "\"1714564800000\"", "\"soon\"", "null", "[]", "{}", "false", "-99999999999999999", "1e400"));
        Maybe(0.9, "\"event\":" + Pick(
            "{\"type\":\"page_view\",\"page\":\"/products\"}",
            "{\"page\":\"/\",\"type\":\"click\",\"meta\":{\"a\":[1,2]}}",
            "{\"type\":\"\"}",
            "{\"type\":null,\"page\":3}",
            "{\"type\":\"add\\u005fto_cart\",\"page\":\"/caf\\u00e9\"}",
            "\"page_view\"",
            "[]"));
        Maybe(0.7, "\"device\":" + Pick(
            "{\"user_agent\":\"Mozilla/5.0 (iPad; CPU OS 16_0) Mobile\"}",
            "{\"user_agent\":\"Mozilla/5.0 (Linux; Android 13)\",\"type\":\"phone\"}",
            "{\"type\":\"  DESKTOP \"}",
            "{\"user_agent\":\"Googlebot/2.1\",\"type\":\"tablet\"}",
            "{\"user_agent\":\"" + LongAgent + "\"}",
            "{\"user_agent\":\"Moz\\u0069lla iPhone\",\"os\":{\"name\":\"iOS\"}}",
            "{\"type\":\"" + new string(' ', 40) + "mobile\"}",
            "{\"user_agent\":7}",
            "null"));
        Maybe(0.6, "\"performance\":" + Pick("{\"page_load_ms\":120}", "{\"page_load_ms\":0.5,\"ttfb\":3}", "{\"page_load_ms\":-3}", "{\"page_load_ms\":\"9\"}", "{}", "null", "[1]"));
        Maybe(0.8, "\"user_id\":" + Pick("\"u1\"", "\"u\\\"quoted\\\"\"", "17", "null"));
        Maybe(0.6, "\"session_id\":" + Pick("\"s1\"", "\"\"", "{}"));
        Maybe(0.6, "\"event_id\":" + Pick("\"e-" + random.Next(1000).ToString(CultureInfo.InvariantCulture) + "\"", "1", "\"\\ud83d\\ude00\""));
        Maybe(0.3, "\"unknown\":" + Pick("[[[]]]", "{\"event\":{\"type\":\"nested\"}}", "\"x\"", "1.5e3"));
        if (fields.Count > 0 && random.NextDouble() < 0.2)
        {
            fields.Add(fields[random.Next(fields.Count)]);
        }

        return "{" + string.Join(",", fields.OrderBy(_ => random.Next())) + "}";
    }

    private static string Corrupt(string json, Random random) => random.Next(5) switch
    {
        0 => json[..random.Next(json.Length)],
        1 => json + Pick(random, " ", "x", "{}", ",", "\n"),
        2 => "[" + json + "]",
        3 => json.Remove(random.Next(json.Length), 1),
        _ => json.Insert(random.Next(json.Length), Pick(random, "\"", ",", ":", "}", "]", " ")),
    };

    private static string Pick(Random random, params string[] values) => values[random.Next(values.Length)];
}

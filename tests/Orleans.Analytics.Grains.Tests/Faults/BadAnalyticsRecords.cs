using System.Text;

namespace Orleans.Analytics.Grains.Tests.Faults;

/// <summary>One kind of <c>analytics_events</c> record that is not a valid event, and what its dead letter must say.</summary>
/// <param name="Kind">What is wrong with it.</param>
/// <param name="Value">The record's value (null: a Kafka record without value).</param>
/// <param name="ErrorType">The dead letter's <c>error_type</c>.</param>
/// <param name="ReasonMentions">Text the dead letter's reason must contain (case-insensitive): what was wrong.</param>
internal sealed record BadAnalyticsRecord(string Kind, byte[]? Value, string ErrorType, string ReasonMentions);

/// <summary>The corpus of bad records of issue 10 §3: every way an <c>analytics_events</c> value can fail to be an event.</summary>
internal static class BadAnalyticsRecords
{
    private const string Parse = "PARSE_ERROR";
    private const string Validation = "VALIDATION_ERROR";
    private const string NotJson = "not valid JSON";

    /// <summary>A value just under the 1 MB the topic accepts by default, more than ten times the dead letter's copy.</summary>
    public const int BigSize = 700 * 1024;

    public static IReadOnlyList<BadAnalyticsRecord> All(long eventTime)
    {
        var time = eventTime.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var valid = $$$"""{"event_id":"bad","event_time":{{{time}}},"user_id":"user-1","event":{"type":"click","page":"/"}}""";
        return
        [
            new("not JSON", Utf8("hello, this is not an event"), Parse, NotJson),
            new("truncated object", Utf8(valid[..(valid.Length / 2)]), Parse, NotJson),
            new("a lone opening brace", Utf8("{"), Parse, NotJson),
            new("invalid UTF-8 in event.type", [.. Utf8($$$"""{"event_time":{{{time}}},"event":{"type":"cl"""), 0xFF, 0xFE, .. Utf8("""ick"}}""")], Parse, NotJson),
            new("invalid UTF-8 outside any string", [.. Utf8($$$"""{"event_time":{{{time}}},"event":{"type":"click"}}"""), 0xC3], Parse, NotJson),
            new("empty value", [], Parse, NotJson),
            new("no value (null)", null, Parse, NotJson),
            new("white space only", Utf8("   \n\t "), Parse, NotJson),
            new("a JSON array", Utf8($"[{valid}]"), Validation, "JSON object"),
            new("a JSON string", Utf8("\"click\""), Validation, "JSON object"),
            new("a JSON number", Utf8("1714564800000"), Validation, "JSON object"),
            new("JSON null", Utf8("null"), Validation, "JSON object"),
            new("JSON true", Utf8("true"), Validation, "JSON object"),
            new("event_time missing", Utf8("""{"user_id":"user-1","event":{"type":"click"}}"""), Validation, "event_time"),
            new("event_time null", Utf8("""{"event_time":null,"event":{"type":"click"}}"""), Validation, "event_time"),
            new("event_time a boolean", Utf8("""{"event_time":true,"event":{"type":"click"}}"""), Validation, "event_time"),
            new("event_time an object", Utf8("""{"event_time":{"ms":1},"event":{"type":"click"}}"""), Validation, "event_time"),
            new("event_time not a time", Utf8("""{"event_time":"yesterday","event":{"type":"click"}}"""), Validation, "yesterday"),
            new("event_time an impossible date", Utf8("""{"event_time":"2024-13-45T25:61:00Z","event":{"type":"click"}}"""), Validation, "2024-13-45T25:61:00Z"),
            new("event_time out of range", Utf8("""{"event_time":99999999999999999,"event":{"type":"click"}}"""), Validation, "out of range"),
            new("event_time digits out of range", Utf8("""{"event_time":"-99999999999999999999","event":{"type":"click"}}"""), Validation, "out of range"),
            new("event_time fractional", Utf8($$$"""{"event_time":{{{time}}}.5,"event":{"type":"click"}}"""), Validation, "event_time"),
            new("event_time NaN", Utf8("""{"event_time":NaN,"event":{"type":"click"}}"""), Parse, NotJson),
            new("event missing", Utf8($$$"""{"event_time":{{{time}}},"user_id":"user-1"}"""), Validation, "event.type"),
            new("event.type empty", Utf8($$$"""{"event_time":{{{time}}},"event":{"type":""}}"""), Validation, "event.type"),
            new("event.type a number", Utf8($$$"""{"event_time":{{{time}}},"event":{"type":7}}"""), Validation, "event.type"),
            new("event a string", Utf8($$$"""{"event_time":{{{time}}},"event":"click"}"""), Validation, "event.type"),
            new("trailing garbage", Utf8(valid + " garbage"), Parse, NotJson),
            new("two documents", Utf8(valid + valid), Parse, NotJson),
            new("very deep nesting", Utf8($$$"""{"event_time":{{{time}}},"event":{"type":"click","properties":{{{new string('[', 10_000)}}}{{{new string(']', 10_000)}}}}}"""), Parse, NotJson),
            new("700 KB that is not JSON", Utf8($$$"""{"event_time":{{{time}}},"event":{"type":"click","page":"{{{new string('x', BigSize)}}}"""), Parse, NotJson),
            new("700 KB of valid JSON that is not an event", Utf8($$$"""{"event":{"type":"click","page":"{{{new string('y', BigSize)}}}"}}"""), Validation, "event_time"),
            new("a lone surrogate in event.type", Utf8($$$"""{"event_time":{{{time}}},"event":{"type":"\ud800"}}"""), Parse, NotJson),
            new("a lone surrogate in user_id", Utf8($$$"""{"event_time":{{{time}}},"user_id":"\udc00x","event":{"type":"click"}}"""), Parse, NotJson),
        ];
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}

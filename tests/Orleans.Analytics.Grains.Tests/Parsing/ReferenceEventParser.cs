using System.Text.Json;
using Orleans.Analytics.Core.Devices;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Grains.Tests.Parsing;

/// <summary>
/// The reference for <see cref="Jobs.Analytics.AnalyticsEventParser"/>: the same rules over a <see cref="JsonDocument"/>,
/// written for obviousness, not speed (a repeated property: <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
/// finds the last).
/// </summary>
internal static class ReferenceEventParser
{
    public static (AnalyticsEvent? Event, string ErrorType, string? Error) Parse(KafkaRecord record)
    {
        try
        {
            using var document = JsonDocument.Parse(record.Value);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "VALIDATION_ERROR", $"Expected a JSON object but got {root.ValueKind}");
            }

            // Every text field the event keeps is decoded, so text that is not valid UTF-16 fails the record whatever else is wrong with it.
            var evt = Object(root, "event");
            var device = Object(root, "device");
            var (userId, sessionId, type, page, deviceType, agent) =
                (Text(root, "user_id"), Text(root, "session_id"), Text(evt, "type"), Text(evt, "page"), Text(device, "type"), Text(device, "user_agent"));
            if (!root.TryGetProperty("event_time", out var time))
            {
                return (null, "VALIDATION_ERROR", "Missing required field 'event_time' (ISO-8601 or epoch milliseconds)");
            }

            if (!TryParseTime(time, out var eventTime, out var timeError))
            {
                return (null, "VALIDATION_ERROR", timeError);
            }

            if (string.IsNullOrEmpty(type))
            {
                return (null, "VALIDATION_ERROR", "Missing required field 'event.type'");
            }

            var category = DeviceCategorizer.Categorize(deviceType, agent).ToWireName();
            var performance = Object(root, "performance");
            double? pageLoad = performance is { } perf && perf.TryGetProperty("page_load_ms", out var load)
                && load.ValueKind == JsonValueKind.Number && load.TryGetDouble(out var ms) && ms >= 0 ? ms : null;
            return (new AnalyticsEvent(
                eventTime,
                userId ?? record.Key,
                sessionId,
                type,
                page,
                category,
                pageLoad), "", null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return (null, "PARSE_ERROR", "The record value is not valid JSON: " + ex.Message);
        }
    }

    private static bool TryParseTime(JsonElement element, out long eventTime, out string? error)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return EventTimeParser.TryParse(element.GetString(), out eventTime, out error);
            case JsonValueKind.Number when element.TryGetInt64(out var number):
                return EventTimeParser.TryParse(number, out eventTime, out error);
            case JsonValueKind.Number when element.TryGetDouble(out var real):
                return EventTimeParser.TryParse(real, out eventTime, out error);
            case JsonValueKind.Null:
                eventTime = 0;
                error = "event_time is missing or null";
                return false;
            default:
                eventTime = 0;
                var raw = element.GetRawText();
                error = $"event_time {(raw.Length <= 64 ? raw : string.Concat(raw.AsSpan(0, 64), "…"))} is a JSON {element.ValueKind}, not a string or number";
                return false;
        }
    }

    private static JsonElement? Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? Text(JsonElement? element, string name) =>
        element is { } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

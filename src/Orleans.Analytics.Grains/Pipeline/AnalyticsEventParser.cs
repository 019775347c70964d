using System.Text.Json;
using Orleans.Analytics.Core.Devices;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Pipeline;

/// <summary>
/// Reads an <c>analytics_events</c> record: <c>{event_id, event_time, user_id, session_id, event:{type, page},
/// device:{type, user_agent}, performance:{page_load_ms}}</c>, <c>event_time</c> ISO-8601 or epoch milliseconds.
/// </summary>
public static class AnalyticsEventParser
{
    /// <summary>Parses <paramref name="record"/>; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(KafkaRecord record, out AnalyticsEvent? parsed, out string? error) =>
        TryParse(record, out parsed, out _, out error);

    /// <summary>Parses <paramref name="record"/>; on failure <paramref name="errorType"/> is <c>PARSE_ERROR</c> (not JSON) or <c>VALIDATION_ERROR</c>.</summary>
    public static bool TryParse(KafkaRecord record, out AnalyticsEvent? parsed, out string errorType, out string? error)
    {
        errorType = "VALIDATION_ERROR";
        ArgumentNullException.ThrowIfNull(record);
        parsed = null;
        try
        {
            using var document = JsonDocument.Parse(record.Value);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = $"Expected a JSON object but got {root.ValueKind}";
                return false;
            }

            if (!root.TryGetProperty("event_time", out var time))
            {
                error = "Missing required field 'event_time' (ISO-8601 or epoch milliseconds)";
                return false;
            }

            if (!EventTimeParser.TryParse(time, out var eventTime, out error))
            {
                return false;
            }

            var type = root.TryGetProperty("event", out var evt) && evt.ValueKind == JsonValueKind.Object ? Text(evt, "type") : null;
            if (string.IsNullOrEmpty(type))
            {
                error = "Missing required field 'event.type'";
                return false;
            }

            var device = root.TryGetProperty("device", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
            var category = DeviceCategorizer.Categorize(
                device.ValueKind == JsonValueKind.Object ? Text(device, "type") : null,
                device.ValueKind == JsonValueKind.Object ? Text(device, "user_agent") : null).ToWireName();
            double? pageLoad = root.TryGetProperty("performance", out var perf) && perf.ValueKind == JsonValueKind.Object
                && perf.TryGetProperty("page_load_ms", out var load) && load.ValueKind == JsonValueKind.Number && load.GetDouble() >= 0
                ? load.GetDouble()
                : null;
            parsed = new AnalyticsEvent(
                record.Partition,
                record.Offset,
                eventTime,
                Text(root, "event_id"),
                Text(root, "user_id") ?? record.Key,
                Text(root, "session_id"),
                type,
                Text(evt, "page"),
                category,
                pageLoad);
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            errorType = "PARSE_ERROR";
            error = "The record value is not valid JSON: " + ex.Message;
            return false;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs.EventProcessing;

/// <summary>
/// Parses, validates and enriches one raw event. Every input yields exactly one record: the processed event for
/// the output topic, or an error record (<c>PARSE_ERROR</c> when the bytes are not JSON, <c>VALIDATION_ERROR</c>
/// when they are JSON but not a valid event) saying exactly what is wrong.
/// </summary>
public sealed class EventProcessor(string pipelineName)
{
    private const string Iso8601 = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Processes <paramref name="raw"/> at <paramref name="now"/>.</summary>
    public EventProcessorResult Process(ReadOnlySpan<byte> raw, DateTimeOffset now)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw.ToArray());
        }
        catch (JsonException ex)
        {
            return Error(raw, KafkaErrorTypes.ParseError, ex.Message, now);
        }

        using (document)
        {
            var root = document.RootElement;
            try
            {
                var problems = Validate(root);
                if (problems.Count > 0)
                {
                    return Error(raw, KafkaErrorTypes.ValidationError, string.Join("; ", problems), now);
                }

                return Output(root, now);
            }
            catch (InvalidOperationException ex)
            {
                // A string escape that is not valid UTF-16 (a lone surrogate): well-formed JSON whose text cannot be read.
                return Error(raw, KafkaErrorTypes.ParseError, ex.Message, now);
            }
        }
    }

    private static List<string> Validate(JsonElement root)
    {
        var problems = new List<string>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"Expected a JSON object but got {Describe(root.ValueKind)}");
            return problems;
        }

        RequireNonEmptyString(root, "id", problems);
        RequireNonEmptyString(root, "type", problems);
        if (!root.TryGetProperty("timestamp", out var timestamp) || timestamp.ValueKind == JsonValueKind.Null)
        {
            problems.Add("Missing required field 'timestamp' (epoch milliseconds)");
        }
        else if (timestamp.ValueKind != JsonValueKind.Number || !timestamp.TryGetInt64(out _))
        {
            problems.Add($"Field 'timestamp' must be an integer (epoch milliseconds) but was {Describe(timestamp)}");
        }

        if (root.TryGetProperty("data", out var data) && data.ValueKind is not JsonValueKind.Object and not JsonValueKind.Null)
        {
            problems.Add($"Field 'data' must be an object but was {Describe(data.ValueKind)}");
        }

        return problems;
    }

    private static void RequireNonEmptyString(JsonElement root, string name, List<string> problems)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            problems.Add($"Missing required field '{name}'");
        }
        else if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"Field '{name}' must be a string but was {Describe(value.ValueKind)}");
        }
        else if (string.IsNullOrWhiteSpace(value.GetString()))
        {
            problems.Add($"Field '{name}' must not be empty");
        }
    }

    private EventProcessorResult Output(JsonElement root, DateTimeOffset now)
    {
        var timestamp = root.GetProperty("timestamp").GetInt64();
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, JsonRecords.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("originalId", root.GetProperty("id").GetString());
            json.WriteString("eventType", root.GetProperty("type").GetString());
            json.WriteString("processedAt", FormatTime(now));
            json.WriteNumber("processingDelay", now.ToUnixTimeMilliseconds() - timestamp);
            json.WriteStartObject("enrichedData");
            if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in data.EnumerateObject())
                {
                    if (property.NameEquals("original_timestamp") || property.NameEquals("processing_pipeline"))
                    {
                        continue;
                    }

                    property.WriteTo(json);
                }
            }

            json.WriteNumber("original_timestamp", timestamp);
            json.WriteString("processing_pipeline", pipelineName);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return new EventProcessorResult(false, buffer.WrittenSpan.ToArray());
    }

    private static EventProcessorResult Error(ReadOnlySpan<byte> raw, string errorType, string message, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + raw.Length);
        using (var json = new Utf8JsonWriter(buffer, JsonRecords.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("rawMessage", Encoding.UTF8.GetString(raw));
            json.WriteString("errorType", errorType);
            json.WriteString("errorMessage", message);
            json.WriteString("timestamp", FormatTime(now));
            json.WriteEndObject();
        }

        return new EventProcessorResult(true, buffer.WrittenSpan.ToArray());
    }

    private static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(Iso8601, CultureInfo.InvariantCulture);

    private static string Describe(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? $"the number {value.GetRawText()}" : Describe(value.ValueKind);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}

using System.Collections.Concurrent;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using Orleans.Analytics.Core.Devices;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Pipeline;

/// <summary>
/// Reads an <c>analytics_events</c> record: <c>{event_id, event_time, user_id, session_id, event:{type, page},
/// device:{type, user_agent}, performance:{page_load_ms}}</c>, <c>event_time</c> ISO-8601 or epoch milliseconds.
/// </summary>
/// <remarks>
/// <para>One forward pass of <see cref="Utf8JsonReader"/> over the value: the whole value must be one valid JSON
/// document (anything else is a <c>PARSE_ERROR</c>); fields this reader does not know are skipped; when a field is
/// repeated, the last one counts. A field of the wrong JSON type counts as absent (a <c>page</c> that is a number
/// has no page), except <c>event_time</c>, whose error names the bad value.</para>
/// <para>Every record of a partition goes through here, so it allocates only what the event keeps: event types and
/// pages, which have few distinct values, are shared strings, and the device is categorised without a string.</para>
/// </remarks>
public static class AnalyticsEventParser
{
    private const int StackChars = 256;

    /// <summary>Parses <paramref name="record"/>; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(KafkaRecord record, out AnalyticsEvent? parsed, out string? error) =>
        TryParse(record, out parsed, out _, out error);

    /// <summary>Parses <paramref name="record"/>; on failure <paramref name="errorType"/> is <c>PARSE_ERROR</c> (not JSON) or <c>VALIDATION_ERROR</c>.</summary>
    public static bool TryParse(KafkaRecord record, out AnalyticsEvent? parsed, out string errorType, out string? error)
    {
        ArgumentNullException.ThrowIfNull(record);
        errorType = "VALIDATION_ERROR";
        parsed = null;
        Fields fields;
        try
        {
            fields = Read(record.Value);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8 or UTF-16 (a lone surrogate escape).
            errorType = "PARSE_ERROR";
            error = "The record value is not valid JSON: " + ex.Message;
            return false;
        }

        if (fields.RootKind != JsonValueKind.Object)
        {
            error = $"Expected a JSON object but got {fields.RootKind}";
            return false;
        }

        if (!fields.HasTime)
        {
            error = "Missing required field 'event_time' (ISO-8601 or epoch milliseconds)";
            return false;
        }

        if (!TryParseTime(fields.Time, record.Value, out var eventTime, out error))
        {
            return false;
        }

        if (string.IsNullOrEmpty(fields.Type))
        {
            error = "Missing required field 'event.type'";
            return false;
        }

        parsed = new AnalyticsEvent(
            record.Partition,
            record.Offset,
            eventTime,
            fields.EventId,
            fields.UserId ?? record.Key,
            fields.SessionId,
            fields.Type,
            fields.Page,
            fields.Device.ToWireName(),
            fields.PageLoadMs);
        error = null;
        return true;
    }

    private static Fields Read(byte[] value)
    {
        var reader = new Utf8JsonReader(value, isFinalBlock: true, state: default);
        var fields = new Fields { Device = DeviceCategory.Desktop };
        if (!reader.Read())
        {
            throw new JsonException("The input does not contain any JSON tokens.");
        }

        fields.RootKind = KindOf(reader.TokenType);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
        }
        else
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("event_time"u8))
                {
                    reader.Read();
                    fields.HasTime = true;
                    fields.Time = TimeToken.From(ref reader);
                }
                else if (reader.ValueTextEquals("event_id"u8))
                {
                    fields.EventId = ReadText(ref reader);
                }
                else if (reader.ValueTextEquals("user_id"u8))
                {
                    fields.UserId = ReadText(ref reader);
                }
                else if (reader.ValueTextEquals("session_id"u8))
                {
                    fields.SessionId = ReadText(ref reader);
                }
                else if (reader.ValueTextEquals("event"u8))
                {
                    ReadEvent(ref reader, ref fields);
                }
                else if (reader.ValueTextEquals("device"u8))
                {
                    fields.Device = ReadDevice(ref reader);
                }
                else if (reader.ValueTextEquals("performance"u8))
                {
                    fields.PageLoadMs = ReadPageLoad(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        // The value must be exactly one JSON document: this throws on anything after it.
        while (reader.Read())
        {
        }

        return fields;
    }

    // event: {type, page}; a value that is not an object has neither.
    private static void ReadEvent(ref Utf8JsonReader reader, ref Fields fields)
    {
        fields.Type = null;
        fields.Page = null;
        if (!EnterObject(ref reader))
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                fields.Type = ReadShared(ref reader);
            }
            else if (reader.ValueTextEquals("page"u8))
            {
                fields.Page = ReadShared(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    // performance: {page_load_ms}, a number of at least zero.
    private static double? ReadPageLoad(ref Utf8JsonReader reader)
    {
        double? pageLoad = null;
        if (!EnterObject(ref reader))
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isPageLoad = reader.ValueTextEquals("page_load_ms"u8);
            reader.Read();
            if (isPageLoad)
            {
                pageLoad = reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var load) && load >= 0 ? load : null;
            }

            reader.Skip();
        }

        return pageLoad;
    }

    // device: {type, user_agent}, categorised from the text in place.
    private static DeviceCategory ReadDevice(ref Utf8JsonReader reader)
    {
        if (!EnterObject(ref reader))
        {
            return DeviceCategory.Desktop;
        }

        Span<char> agentBuffer = stackalloc char[StackChars];
        Span<char> typeBuffer = stackalloc char[32];
        var agent = new Text();
        var type = new Text();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("user_agent"u8))
            {
                reader.Read();
                agent = Text.Copy(ref reader, agentBuffer);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = Text.Copy(ref reader, typeBuffer);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return DeviceCategorizer.Categorize(type.In(typeBuffer), agent.In(agentBuffer));
    }

    // Moves to the value after a property name; true when it is an object (the reader is at its start), else skips it.
    private static bool EnterObject(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return true;
        }

        reader.Skip();
        return false;
    }

    private static string? ReadText(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    // A string from a small set of values (event types, pages): the same instance each time.
    private static string? ReadShared(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        return reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > SharedStrings.MaxLength || !Utf8.IsValid(reader.ValueSpan)
            ? reader.GetString()
            : SharedStrings.Get(reader.ValueSpan);
    }

    private static bool TryParseTime(TimeToken time, byte[] value, out long eventTime, out string? error)
    {
        switch (time.Kind)
        {
            case JsonValueKind.String:
                return EventTimeParser.TryParse(time.Text, out eventTime, out error);
            case JsonValueKind.Number when time.Integer is { } number:
                return EventTimeParser.TryParse(number, out eventTime, out error);
            case JsonValueKind.Number when time.Real is { } real:
                return EventTimeParser.TryParse(real, out eventTime, out error);
            case JsonValueKind.Null:
                eventTime = 0;
                error = "event_time is missing or null";
                return false;
            default:
                eventTime = 0;
                var raw = Encoding.UTF8.GetString(value.AsSpan(time.Start, time.Length));
                error = $"event_time {(raw.Length <= 64 ? raw : string.Concat(raw.AsSpan(0, 64), "…"))} is a JSON {time.Kind}, not a string or number";
                return false;
        }
    }

    private static JsonValueKind KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => JsonValueKind.Object,
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        JsonTokenType.Null => JsonValueKind.Null,
        _ => JsonValueKind.Undefined,
    };

    private struct Fields
    {
        public JsonValueKind RootKind;
        public bool HasTime;
        public TimeToken Time;
        public string? EventId;
        public string? UserId;
        public string? SessionId;
        public string? Type;
        public string? Page;
        public DeviceCategory Device;
        public double? PageLoadMs;
    }

    /// <summary>A string value's text: in a caller's buffer when it fits (no allocation), else as a string; empty when not a string.</summary>
    private readonly struct Text(int length, string? text)
    {
        public static Text Copy(ref Utf8JsonReader reader, scoped Span<char> buffer)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                return default;
            }

            var bytes = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
            return bytes <= buffer.Length ? new Text(reader.CopyString(buffer), null) : new Text(0, reader.GetString());
        }

        public ReadOnlySpan<char> In(ReadOnlySpan<char> buffer) => text is null ? buffer[..length] : text.AsSpan();
    }

    /// <summary>The <c>event_time</c> value as read: its kind, its text or number, and where it is in the record.</summary>
    private readonly record struct TimeToken(JsonValueKind Kind, string? Text, long? Integer, double? Real, int Start, int Length)
    {
        public static TimeToken From(ref Utf8JsonReader reader)
        {
            var start = (int)reader.TokenStartIndex;
            var kind = KindOf(reader.TokenType);
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return new TimeToken(kind, reader.GetString(), null, null, start, 0);
                case JsonTokenType.Number:
                    return new TimeToken(
                        kind,
                        null,
                        reader.TryGetInt64(out var integer) ? integer : null,
                        reader.TryGetDouble(out var real) ? real : null,
                        start,
                        reader.ValueSpan.Length);
                default:
                    reader.Skip();
                    return new TimeToken(kind, null, null, null, start, (int)reader.BytesConsumed - start);
            }
        }
    }

    /// <summary>A bounded set of the strings seen as event types and pages, looked up by their UTF-8 bytes.</summary>
    private static class SharedStrings
    {
        public const int MaxLength = 128;
        private const int Capacity = 4_096;
        private static readonly ConcurrentDictionary<string, string> Values = new(StringComparer.Ordinal);
        private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Values.GetAlternateLookup<ReadOnlySpan<char>>();

        public static string Get(ReadOnlySpan<byte> utf8)
        {
            Span<char> chars = stackalloc char[MaxLength];
            var length = Encoding.UTF8.GetChars(utf8, chars);
            var text = chars[..length];
            if (Lookup.TryGetValue(text, out var shared))
            {
                return shared;
            }

            var created = text.ToString();
            return Values.Count < Capacity ? Values.GetOrAdd(created, created) : created;
        }
    }
}

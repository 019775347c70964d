using System.Collections.Concurrent;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using Orleans.Analytics.Core.Devices;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs.Analytics;

/// <summary>
/// Reads an <c>analytics_events</c> record: <c>{event_time, user_id, session_id, event:{type, page},
/// device:{type, user_agent}, performance:{page_load_ms}}</c>, <c>event_time</c> ISO-8601 or epoch milliseconds.
/// </summary>
/// <remarks>
/// <para>One forward pass of <see cref="Utf8JsonReader"/> over the value in the Kafka client's buffer: the whole value
/// must be one valid JSON document (anything else is a <c>PARSE_ERROR</c>); fields this reader does not know are
/// skipped; when a field is repeated, the last one counts. A field of the wrong JSON type counts as absent (a
/// <c>page</c> that is a number has no page), except <c>event_time</c>, whose error names the bad value.</para>
/// <para>Every record of a partition goes through here, so it allocates nothing a record does not keep: event types,
/// pages, users and sessions are shared strings looked up by their bytes, the time is read in place, and the
/// device is categorised without a string.</para>
/// </remarks>
public sealed class AnalyticsEventParser : IRecordParser<AnalyticsEvent>
{
    private const int StackChars = 256;

    /// <summary>The parser (it keeps no state of its own besides the shared strings).</summary>
    public static AnalyticsEventParser Instance { get; } = new();

    private AnalyticsEventParser()
    {
    }

    /// <inheritdoc />
    public bool TryParse(in KafkaRawRecord record, out AnalyticsEvent value, out ParseFailure failure) =>
        TryParse(record.Value, record.HasKey ? record.Key : default, out value, out failure);

    /// <summary>Parses a record value (with its key, the user when the value names none).</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, ReadOnlySpan<byte> key, out AnalyticsEvent value, out ParseFailure failure)
    {
        value = default;
        Fields fields;
        try
        {
            fields = Read(utf8);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8 or UTF-16 (a lone surrogate escape).
            failure = ParseFailure.Parse("The record value is not valid JSON: " + ex.Message);
            return false;
        }

        if (fields.RootKind != JsonValueKind.Object)
        {
            failure = ParseFailure.Validation($"Expected a JSON object but got {fields.RootKind}");
            return false;
        }

        if (!fields.HasTime)
        {
            failure = ParseFailure.Validation("Missing required field 'event_time' (ISO-8601 or epoch milliseconds)");
            return false;
        }

        if (fields.TimeError is { } timeError)
        {
            failure = ParseFailure.Validation(timeError);
            return false;
        }

        if (string.IsNullOrEmpty(fields.Type))
        {
            failure = ParseFailure.Validation("Missing required field 'event.type'");
            return false;
        }

        value = new AnalyticsEvent(
            fields.Time,
            fields.UserId ?? (key.IsEmpty ? null : SharedStrings.Ids.Get(key)),
            fields.SessionId,
            fields.Type,
            fields.Page,
            fields.Device.ToWireName(),
            fields.PageLoadMs);
        failure = default;
        return true;
    }

    private static Fields Read(ReadOnlySpan<byte> value)
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
                    ReadTime(ref reader, value, ref fields);
                }
                else if (reader.ValueTextEquals("user_id"u8))
                {
                    fields.UserId = ReadShared(ref reader, SharedStrings.Ids);
                }
                else if (reader.ValueTextEquals("session_id"u8))
                {
                    fields.SessionId = ReadShared(ref reader, SharedStrings.Ids);
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

    // event_time: parsed where it stands; the last one counts, and only its error is reported.
    private static void ReadTime(ref Utf8JsonReader reader, ReadOnlySpan<byte> value, ref Fields fields)
    {
        fields.TimeError = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
            {
                Span<char> buffer = stackalloc char[64];
                var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                var ok = length <= buffer.Length
                    ? EventTimeParser.TryParse(buffer[..reader.CopyString(buffer)], out fields.Time, out fields.TimeError)
                    : EventTimeParser.TryParse(reader.GetString(), out fields.Time, out fields.TimeError);
                _ = ok;
                break;
            }

            case JsonTokenType.Number when reader.TryGetInt64(out var integer):
                EventTimeParser.TryParse(integer, out fields.Time, out fields.TimeError);
                break;
            case JsonTokenType.Number when reader.TryGetDouble(out var real):
                EventTimeParser.TryParse(real, out fields.Time, out fields.TimeError);
                break;
            case JsonTokenType.Null:
                fields.TimeError = "event_time is missing or null";
                break;
            default:
            {
                var start = (int)reader.TokenStartIndex;
                var kind = KindOf(reader.TokenType);
                reader.Skip();
                var raw = Encoding.UTF8.GetString(value[start..(int)reader.BytesConsumed]);
                fields.TimeError = $"event_time {(raw.Length <= 64 ? raw : string.Concat(raw.AsSpan(0, 64), "…"))} is a JSON {kind}, not a string or number";
                break;
            }
        }
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
                fields.Type = ReadShared(ref reader, SharedStrings.Names);
            }
            else if (reader.ValueTextEquals("page"u8))
            {
                fields.Page = ReadShared(ref reader, SharedStrings.Names);
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

    // A string of a bounded set (event types, pages; users and sessions while they fit): the same instance each time.
    private static string? ReadShared(ref Utf8JsonReader reader, SharedStrings table)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        return reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > SharedStrings.MaxLength || !Utf8.IsValid(reader.ValueSpan)
            ? reader.GetString()
            : table.Get(reader.ValueSpan);
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
        public long Time;
        public string? TimeError;
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

    /// <summary>A bounded set of shared strings, looked up by their UTF-8 bytes; past its capacity new strings are made per call.</summary>
    private sealed class SharedStrings(int capacity)
    {
        public const int MaxLength = 128;

        /// <summary>Event types and pages: few distinct values.</summary>
        public static readonly SharedStrings Names = new(4_096);

        /// <summary>Users and sessions: many, but the active ones repeat.</summary>
        public static readonly SharedStrings Ids = new(200_000);

        private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);

        public string Get(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length > MaxLength || !Utf8.IsValid(utf8))
            {
                return Encoding.UTF8.GetString(utf8);
            }

            Span<char> chars = stackalloc char[MaxLength];
            var length = Encoding.UTF8.GetChars(utf8, chars);
            var text = chars[..length];
            if (_values.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var shared))
            {
                return shared;
            }

            var created = text.ToString();
            return _values.Count < capacity ? _values.GetOrAdd(created, created) : created;
        }
    }
}

using System.Buffers;
using System.Text;
using System.Text.Json;
using Orleans.Analytics.Core.Time;

namespace Orleans.Analytics.Kafka;

/// <summary>The dead-letter record of a Kafka record that could not be processed, keyed by its origin.</summary>
public static class DeadLetterRecords
{
    /// <summary>
    /// The most of a record's value a dead letter copies (64 KiB). A dead letter carries the copy twice (as text and
    /// as base64), and a record of any size the topic accepts must still fit the dead-letter topic's message size
    /// (1 MB by default) once escaped; the record itself stays in its topic at its offset.
    /// </summary>
    public const int MaxRawBytes = 64 * 1024;

    /// <summary>A copy of <paramref name="record"/> for its dead letter: the value cut to <see cref="MaxRawBytes"/>, its full length kept.</summary>
    public static DeadLetterSource Capture(in KafkaRawRecord record)
    {
        var value = record.Value;
        var kept = value.Length <= MaxRawBytes ? value : value[..MaxRawBytes];
        var copy = new KafkaRecord(record.Topic, record.Partition, record.Offset, record.HasKey ? Encoding.UTF8.GetString(record.Key) : null, kept.ToArray(), record.TimestampMs);
        return new DeadLetterSource(copy, value.Length);
    }

    /// <summary>A source for the dead letter of a record already copied whole.</summary>
    public static DeadLetterSource Capture(KafkaRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Value.Length <= MaxRawBytes
            ? new DeadLetterSource(record, record.Value.Length)
            : new DeadLetterSource(record with { Value = record.Value[..MaxRawBytes] }, record.Value.Length);
    }

    /// <summary>The dead letter of <paramref name="record"/> for <paramref name="topic"/>, keyed by the record's origin.</summary>
    public static SinkRecord Create(string topic, KafkaRecord record, string errorType, string reason, DateTimeOffset now) =>
        Create(topic, Capture(record), errorType, reason, now);

    /// <summary>The dead letter of <paramref name="source"/> for <paramref name="topic"/>, keyed by the record's origin.</summary>
    public static SinkRecord Create(string topic, DeadLetterSource source, string errorType, string reason, DateTimeOffset now) =>
        new(topic, source.Record.Origin, Format(source, errorType, reason, now));

    /// <summary>
    /// The dead-letter record: <c>{error_type, reason, topic, partition, offset, key, record_timestamp, raw_size,
    /// raw_truncated, raw_text, raw_base64, dead_lettered_at}</c>. <c>raw_text</c> is the copied value as text when it
    /// is valid UTF-8 (null otherwise); when <c>raw_truncated</c> is true both hold only the first <see cref="MaxRawBytes"/>.
    /// </summary>
    public static byte[] Format(DeadLetterSource source, string errorType, string reason, DateTimeOffset now)
    {
        var record = source.Record;
        var truncated = source.OriginalLength > record.Value.Length;
        var buffer = new ArrayBufferWriter<byte>(256 + record.Value.Length * 2);
        using (var json = new Utf8JsonWriter(buffer, JsonRecords.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("error_type", errorType);
            json.WriteString("reason", reason);
            json.WriteString("topic", record.Topic);
            json.WriteNumber("partition", record.Partition);
            json.WriteNumber("offset", record.Offset);
            json.WriteString("key", record.Key);
            json.WriteString("record_timestamp", EventTimes.ToIso(record.TimestampMs));
            json.WriteNumber("raw_size", source.OriginalLength);
            json.WriteBoolean("raw_truncated", truncated);
            var text = TextOf(record.Value, truncated);
            if (text is not null)
            {
                json.WriteString("raw_text", text);
            }
            else
            {
                json.WriteNull("raw_text");
            }

            json.WriteBase64String("raw_base64", record.Value);
            json.WriteString("dead_lettered_at", EventTimes.ToIso(now.ToUnixTimeMilliseconds()));
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // A cut value may end inside a character: drop that partial character, not the text.
    private static string? TextOf(byte[] value, bool truncated)
    {
        if (System.Text.Unicode.Utf8.IsValid(value))
        {
            return Encoding.UTF8.GetString(value);
        }

        if (!truncated)
        {
            return null;
        }

        for (var cut = 1; cut <= 3 && cut < value.Length; cut++)
        {
            if (System.Text.Unicode.Utf8.IsValid(value.AsSpan(0, value.Length - cut)))
            {
                return Encoding.UTF8.GetString(value, 0, value.Length - cut);
            }
        }

        return null;
    }
}

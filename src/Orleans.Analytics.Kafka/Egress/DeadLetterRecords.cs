using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Orleans.Analytics.Kafka;

/// <summary>The dead-letter record of a Kafka record that could not be processed, keyed by its origin.</summary>
public static class DeadLetterRecords
{
    /// <summary>The dead letter of <paramref name="record"/> for <paramref name="topic"/>, counted in <c>orleans_analytics.kafka.records.dead_lettered</c>.</summary>
    public static SinkRecord Create(string topic, KafkaRecord record, string errorType, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        Diagnostics.KafkaInstruments.RecordsDeadLettered.Add(1,
            new KeyValuePair<string, object?>(Diagnostics.KafkaInstruments.TopicTag, record.Topic),
            new KeyValuePair<string, object?>(Diagnostics.KafkaInstruments.ErrorTypeTag, errorType));
        return new SinkRecord(topic, record.Origin, Format(record, errorType, reason, now));
    }

    /// <summary>The dead-letter record: <c>{error_type, reason, topic, partition, offset, key, record_timestamp, raw_text, raw_base64, dead_lettered_at}</c>.</summary>
    public static byte[] Format(KafkaRecord record, string errorType, string reason, DateTimeOffset now)
    {
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
            json.WriteString("record_timestamp", DateTimeOffset.FromUnixTimeMilliseconds(record.TimestampMs).UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            if (IsUtf8(record.Value))
            {
                json.WriteString("raw_text", Encoding.UTF8.GetString(record.Value));
            }
            else
            {
                json.WriteNull("raw_text");
            }

            json.WriteBase64String("raw_base64", record.Value);
            json.WriteString("dead_lettered_at", now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool IsUtf8(byte[] value) => System.Text.Unicode.Utf8.IsValid(value);

}

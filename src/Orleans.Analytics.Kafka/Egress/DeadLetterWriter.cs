using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Analytics.Kafka.Diagnostics;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// Sends records that could not become (or be delivered as) stream events to the dead-letter topic, with the
/// reason, the origin and the raw bytes. A record's offset completes only once its dead letter is durable, and
/// sending is retried until it is: a dead letter is never dropped.
/// </summary>
internal sealed partial class DeadLetterWriter(IKafkaSink sink, string topic, TimeProvider time, ILogger<DeadLetterWriter> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    public string Topic { get; } = topic;

    /// <summary>Sends the dead letter of <paramref name="record"/>; retries until delivered or <paramref name="cancellationToken"/> fires.</summary>
    public async Task SendAsync(KafkaRecord record, string errorType, string reason, CancellationToken cancellationToken)
    {
        var letter = new SinkRecord(Topic, record.Origin, Format(record, errorType, reason, time.GetUtcNow()));
        KafkaInstruments.RecordsDeadLettered.Add(1,
            new KeyValuePair<string, object?>(KafkaInstruments.TopicTag, record.Topic),
            new KeyValuePair<string, object?>(KafkaInstruments.ErrorTypeTag, errorType));
        LogDeadLettered(record.Origin, errorType, reason);
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await sink.ProduceAsync(letter, cancellationToken);
                return;
            }
            catch (KafkaSinkException ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogRetrying(record.Origin, ex.Message, backoff);
                await Task.Delay(backoff, time, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>The dead-letter record: <c>{error_type, reason, topic, partition, offset, key, record_timestamp, raw_text, raw_base64, dead_lettered_at}</c>.</summary>
    internal static byte[] Format(KafkaRecord record, string errorType, string reason, DateTimeOffset now)
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
            json.WriteString("record_timestamp", DateTimeOffset.FromUnixTimeMilliseconds(record.TimestampMs).UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            if (IsUtf8(record.Value))
            {
                json.WriteString("raw_text", Encoding.UTF8.GetString(record.Value));
            }
            else
            {
                json.WriteNull("raw_text");
            }

            json.WriteBase64String("raw_base64", record.Value);
            json.WriteString("dead_lettered_at", now.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool IsUtf8(byte[] value) => System.Text.Unicode.Utf8.IsValid(value);

    [LoggerMessage(1300, LogLevel.Warning, "Record {Origin} dead-lettered ({ErrorType}): {Reason}")]
    private partial void LogDeadLettered(string origin, string errorType, string reason);

    [LoggerMessage(1301, LogLevel.Warning, "Dead letter of {Origin} not delivered ({Reason}); retrying in {Backoff}")]
    private partial void LogRetrying(string origin, string reason, TimeSpan backoff);
}

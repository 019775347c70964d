using System.Buffers;
using System.Text.Json;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs;

/// <summary>
/// The <c>late_events</c> record of an input too late for every window of a job:
/// <c>{job, key, reason, event_time, topic, partition, offset, late_at}</c>, keyed <c>job|topic/partition/offset</c>,
/// so that a record judged late again after a replay overwrites itself.
/// </summary>
internal static class LateRecord
{
    public static SinkRecord Create(string lateTopic, string job, string key, string sourceTopic, int partition, long offset, long eventTime, string reason, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, JsonRecords.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("job", job);
            json.WriteString("key", key);
            json.WriteString("reason", reason);
            json.WriteString("event_time", EventTimes.ToIso(eventTime));
            json.WriteString("topic", sourceTopic);
            json.WriteNumber("partition", partition);
            json.WriteNumber("offset", offset);
            json.WriteString("late_at", EventTimes.ToIso(now.ToUnixTimeMilliseconds()));
            json.WriteEndObject();
        }

        return new SinkRecord(lateTopic, string.Concat(job, "|", KafkaRecord.OriginOf(sourceTopic, partition, offset)), buffer.WrittenSpan.ToArray());
    }
}

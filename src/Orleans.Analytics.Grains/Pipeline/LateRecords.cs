using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Pipeline;

/// <summary>
/// The <c>late_events</c> record of an event too late for every window of a job:
/// <c>{job, key, reason, event_id, event_time, topic, partition, offset, late_at}</c>, keyed <c>job|topic/partition/offset</c>.
/// </summary>
internal static class LateRecords
{
    public static SinkRecord Create(string job, string key, AnalyticsTopics topics, AnalyticsEvent analyticsEvent, string reason, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, JsonRecords.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("job", job);
            json.WriteString("key", key);
            json.WriteString("reason", reason);
            json.WriteString("event_id", analyticsEvent.EventId);
            json.WriteString("event_time", EventTimes.ToIso(analyticsEvent.EventTime));
            json.WriteString("topic", topics.Events);
            json.WriteNumber("partition", analyticsEvent.Partition);
            json.WriteNumber("offset", analyticsEvent.Offset);
            json.WriteString("late_at", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return new SinkRecord(topics.LateEvents, $"{job}|{topics.Events}/{analyticsEvent.Partition}/{analyticsEvent.Offset}", buffer.WrittenSpan.ToArray());
    }
}

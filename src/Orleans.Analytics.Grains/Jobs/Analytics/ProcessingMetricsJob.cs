using System.Buffers;
using System.Text.Json;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Core.Windows;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs.Analytics;

/// <summary>
/// ProcessingMetrics → <c>processing_metrics</c> (the seed guide's example job): per event type, continuously
/// updated, <c>{event_type, max_watermark, event_count}</c>, keyed by event type, so a consumer keeps the latest
/// per key. <c>max_watermark</c> is the highest job watermark seen while the type's events were applied.
/// </summary>
public sealed class ProcessingMetricsJob(AnalyticsTopics topics) : IAnalyticsJob
{
    public string Name => "processing-metrics";

    public string SinkTopic => topics.ProcessingMetrics;

    public void SelectKeys(AnalyticsEvent analyticsEvent, ICollection<string> keys) => keys.Add(analyticsEvent.Type);

    public IJobKeyState CreateState() => new State(this);

    private sealed class State(ProcessingMetricsJob job) : IJobKeyState
    {
        private Counts _counts = new();

        // A continuous aggregate holds no window; the grain only needs waking while an update is unsent.
        public int OpenWindows => _counts.Changed ? 1 : 0;

        public EventOutcome Add(string key, AnalyticsEvent analyticsEvent)
        {
            _counts.EventCount++;
            _counts.Changed = true;
            return EventOutcome.Accepted;
        }

        public void Advance(string key, long watermark, ICollection<JobResult> output)
        {
            if (watermark > _counts.MaxWatermark)
            {
                _counts.MaxWatermark = watermark;
            }

            if (!_counts.Changed)
            {
                return;
            }

            _counts.Changed = false;
            var buffer = new ArrayBufferWriter<byte>(128);
            using (var json = new Utf8JsonWriter(buffer, JsonRecords.WriterOptions))
            {
                json.WriteStartObject();
                json.WriteString("event_type", key);
                if (_counts.MaxWatermark == long.MinValue)
                {
                    json.WriteNull("max_watermark");
                }
                else
                {
                    json.WriteString("max_watermark", EventTimes.ToIso(_counts.MaxWatermark));
                }

                json.WriteNumber("event_count", _counts.EventCount);
                json.WriteEndObject();
            }

            output.Add(new JobResult(new SinkRecord(job.SinkTopic, key, buffer.WrittenSpan.ToArray()), long.MinValue));
        }

        public byte[] Save() => JsonSerializer.SerializeToUtf8Bytes(_counts);

        public void Load(byte[] saved) => _counts = JsonSerializer.Deserialize<Counts>(saved) ?? new Counts();
    }

    private sealed class Counts
    {
        public long EventCount { get; set; }

        public long MaxWatermark { get; set; } = long.MinValue;

        public bool Changed { get; set; }
    }
}

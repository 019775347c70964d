using System.Text.Json;
using Orleans.Analytics.Core.Aggregation;
using Orleans.Analytics.Core.Time;

namespace Orleans.Analytics.Jobs.Analytics;

/// <summary>
/// ProcessingMetrics → <c>processing_metrics</c> (the seed guide's example job): per event type, continuously
/// updated, <c>{event_type, max_watermark, event_count}</c>, keyed by event type, so a consumer keeps the latest
/// per key. <c>max_watermark</c> is the highest watermark seen while the type's events were applied.
/// </summary>
public sealed class ProcessingMetricsJob(AnalyticsTopics topics) : IStreamJob
{
    public JobDefinition Define(JobBuilder job) => job
        .Named("processing-metrics")
        .From(topics.Events, AnalyticsEventParser.Instance)
        .EventTime(e => e.EventTime)
        .KeyBy(e => e.Type)
        .Continuously()
        .Aggregate(CountAggregate<AnalyticsEvent>.Instance)
        .ToTopic(topics.ProcessingMetrics, WriteResult);

    private static void WriteResult(Utf8JsonWriter json, ContinuousEmission<long> update)
    {
        json.WriteString("event_type", update.Key);
        if (update.Watermark == long.MinValue)
        {
            json.WriteNull("max_watermark");
        }
        else
        {
            json.WriteString("max_watermark", EventTimes.ToIso(update.Watermark));
        }

        json.WriteNumber("event_count", update.Result);
    }
}

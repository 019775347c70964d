using System.Text.Json;
using Orleans.Analytics.Core.Aggregation;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Jobs.Analytics;

/// <summary>
/// PerformanceTracker → <c>performance_metrics</c>: per tumbling window of <c>Processing:PerformanceWindowSize</c>,
/// per page and per device category, the count, exact average and nearest-rank p50/p95/p99 of
/// <c>performance.page_load_ms</c> from a mergeable sketch with at most 1 % relative error. Keyed
/// <c>dimension:value|window_start</c>.
/// </summary>
public sealed class PerformanceTrackerJob(ProcessingOptions options, AnalyticsTopics topics) : IStreamJob
{
    private readonly PrefixedKeys _pages = new("page:");
    private readonly PrefixedKeys _devices = new("device_category:");

    public JobDefinition Define(JobBuilder job) => job
        .Named("performance-tracker")
        .From(topics.Events, AnalyticsEventParser.Instance)
        .EventTime(e => e.EventTime)
        .Where(e => e.PageLoadMs is not null)
        .KeyBy(SelectKeys)
        .Window(JobWindows.Tumbling(options.PerformanceWindowSize))
        .Aggregate(new PerformanceAggregate())
        .ToTopic(topics.PerformanceMetrics, WriteResult);

    private void SelectKeys(AnalyticsEvent analyticsEvent, ICollection<string> keys)
    {
        if (!string.IsNullOrEmpty(analyticsEvent.Page))
        {
            keys.Add(_pages.For(analyticsEvent.Page));
        }

        keys.Add(_devices.For(analyticsEvent.DeviceCategory));
    }

    private static void WriteResult(Utf8JsonWriter json, WindowEmission<string, LatencySummary> emission)
    {
        var separator = emission.Key.IndexOf(':', StringComparison.Ordinal);
        json.WriteString("window_start", EventTimes.ToIso(emission.Window.Start));
        json.WriteString("window_end", EventTimes.ToIso(emission.Window.End));
        json.WriteString("dimension", emission.Key[..separator]);
        json.WriteString("value", emission.Key[(separator + 1)..]);
        json.WriteNumber("sample_count", emission.Result.SampleCount);
        json.WriteNumber("avg_ms", Math.Round(emission.Result.AverageMs, 3));
        json.WriteNumber("p50_ms", Math.Round(emission.Result.P50Ms, 3));
        json.WriteNumber("p95_ms", Math.Round(emission.Result.P95Ms, 3));
        json.WriteNumber("p99_ms", Math.Round(emission.Result.P99Ms, 3));
    }
}

/// <summary>Adds page-load times to a <see cref="PercentileSketch"/>, kept in its persisted form between calls (<see cref="SketchAccumulator"/>).</summary>
public sealed class PerformanceAggregate : IWindowAggregate<AnalyticsEvent, SketchAccumulator, LatencySummary>
{
    private readonly LatencyAggregate _latency = new();

    public SketchAccumulator CreateAccumulator() => new();

    public SketchAccumulator Add(SketchAccumulator accumulator, AnalyticsEvent input)
    {
        _latency.Add(accumulator.Live(_latency.RelativeAccuracy), input.PageLoadMs ?? 0);
        return accumulator;
    }

    public SketchAccumulator Merge(SketchAccumulator target, SketchAccumulator other)
    {
        _latency.Merge(target.Live(_latency.RelativeAccuracy), other.Live(_latency.RelativeAccuracy));
        return target;
    }

    public LatencySummary GetResult(SketchAccumulator accumulator) => _latency.GetResult(accumulator.Live(_latency.RelativeAccuracy));
}

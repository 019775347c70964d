using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Pipeline;

/// <summary>The analytics jobs' instruments on the <c>Orleans.Analytics</c> meter.</summary>
internal static class PipelineInstruments
{
    public const string JobTag = "job";

    private static readonly Meter s_meter = new("Orleans.Analytics");
    private static readonly ConcurrentDictionary<JobActivity, byte> s_activities = new();

    public static readonly Counter<long> ResultsEmitted = s_meter.CreateCounter<long>(
        "orleans_analytics.job.results", "{record}", "Result records a job emitted (first emissions, revisions and tombstones).");

    public static readonly Counter<long> Tombstones = s_meter.CreateCounter<long>(
        "orleans_analytics.job.tombstones", "{record}", "Tombstones a job emitted: keys of superseded sessions withdrawn with a null value.");

    public static readonly Counter<long> LateRecords = s_meter.CreateCounter<long>(
        "orleans_analytics.job.late_records", "{record}", "Records too late for every window they belong to; sent to late_events.");

    public static readonly Histogram<double> WindowCloseLatency = s_meter.CreateHistogram(
        "orleans_analytics.window.close.latency", "s", "From the silo seeing the watermark pass a window's end to the window's result being acknowledged by Kafka.",
        tags: null, advice: DurationBuckets.Seconds);

    public static readonly Counter<long> MiniBatchFlushes = s_meter.CreateCounter<long>(
        "orleans_analytics.minibatch.flushes", "{call}", "Pre-aggregated batches handed from a partition's reader to a job's key grain.");

    public static readonly Histogram<double> TdaComputation = s_meter.CreateHistogram(
        "orleans_analytics.tda.computation.duration", "s", "Time to compute one window's persistence diagram (failed computations included).",
        tags: null, advice: DurationBuckets.Seconds);

    static PipelineInstruments()
    {
        s_meter.CreateObservableGauge("orleans_analytics.job.windows.open", ObserveOpenWindows, "{window}",
            "Windows (or sessions) held open by the job's active grains in this process.");
        s_meter.CreateObservableGauge("orleans_analytics.watermark", ObserveWatermarks, "s",
            "A source partition's watermark (highest event time read minus the watermark delay), Unix seconds, on the silo reading it.");
        s_meter.CreateObservableGauge("orleans_analytics.watermark.lag", ObserveWatermarkLags, "s",
            "How far a source partition's watermark is behind the wall clock, on the silo reading it.");
    }

    /// <summary>Includes a silo's job activity (open windows, watermarks) in the gauges until it is disposed.</summary>
    public static void Register(JobActivity activity) => s_activities.TryAdd(activity, 0);

    public static void Unregister(JobActivity activity) => s_activities.TryRemove(activity, out _);

    private static IEnumerable<Measurement<double>> ObserveWatermarks() =>
        s_activities.Keys.SelectMany(a => a.Watermarks()).Select(w => new Measurement<double>(w.Watermark / 1000.0, PartitionTags(w.Topic, w.Partition)));

    private static IEnumerable<Measurement<double>> ObserveWatermarkLags() =>
        s_activities.Keys.SelectMany(a => a.Watermarks().Select(w => new Measurement<double>(Math.Max(0, a.Now - w.Watermark) / 1000.0, PartitionTags(w.Topic, w.Partition))));

    private static KeyValuePair<string, object?>[] PartitionTags(string topic, int partition) =>
        [new("topic", topic), new("partition", partition)];

    private static IEnumerable<Measurement<long>> ObserveOpenWindows() =>
        s_activities.Keys
            .SelectMany(a => a.Snapshot())
            .GroupBy(j => j.Job, StringComparer.Ordinal)
            .Select(g => new Measurement<long>(g.Sum(j => j.OpenWindows), new KeyValuePair<string, object?>(JobTag, g.Key)));
}

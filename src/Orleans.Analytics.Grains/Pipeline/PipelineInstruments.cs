using System.Diagnostics.Metrics;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Kafka.Diagnostics;

namespace Orleans.Analytics.Pipeline;

/// <summary>
/// The analytics jobs' instruments on the silo's <see cref="AnalyticsMeter"/> (a singleton of the silo's services);
/// its gauges read the silo's <see cref="JobActivity"/>.
/// </summary>
internal sealed class PipelineInstruments
{
    public const string JobTag = "job";

    private readonly JobActivity _activity;

    public PipelineInstruments(AnalyticsMeter analyticsMeter, JobActivity activity)
    {
        _activity = activity;
        var meter = analyticsMeter.Meter;
        ResultsEmitted = meter.CreateCounter<long>(
            "orleans_analytics.job.results", "{record}", "Result records a job emitted (first emissions, revisions and tombstones).");
        Tombstones = meter.CreateCounter<long>(
            "orleans_analytics.job.tombstones", "{record}", "Tombstones a job emitted: keys of superseded sessions withdrawn with a null value.");
        LateRecords = meter.CreateCounter<long>(
            "orleans_analytics.job.late_records", "{record}", "Records too late for every window they belong to; sent to late_events.");
        WindowCloseLatency = meter.CreateHistogram(
            "orleans_analytics.window.close.latency", "s", "From the silo seeing the watermark pass a window's end to the window's result being acknowledged by Kafka.",
            tags: null, advice: DurationBuckets.Seconds);
        MiniBatchFlushes = meter.CreateCounter<long>(
            "orleans_analytics.minibatch.flushes", "{call}", "Pre-aggregated batches handed from a partition's reader to a job's key grain.");
        TdaComputation = meter.CreateHistogram(
            "orleans_analytics.tda.computation.duration", "s", "Time to compute one window's persistence diagram (failed computations included).",
            tags: null, advice: DurationBuckets.Seconds);

        meter.CreateObservableGauge("orleans_analytics.job.windows.open", ObserveOpenWindows, "{window}",
            "Windows (or sessions) held open by the job's active grains on this silo.");
        meter.CreateObservableGauge("orleans_analytics.watermark", ObserveWatermarks, "s",
            "A source partition's watermark (highest event time read minus the watermark delay), Unix seconds, on the silo reading it.");
        meter.CreateObservableGauge("orleans_analytics.watermark.lag", ObserveWatermarkLags, "s",
            "How far a source partition's watermark is behind the wall clock, on the silo reading it.");
    }

    public Counter<long> ResultsEmitted { get; }

    public Counter<long> Tombstones { get; }

    public Counter<long> LateRecords { get; }

    public Histogram<double> WindowCloseLatency { get; }

    public Counter<long> MiniBatchFlushes { get; }

    public Histogram<double> TdaComputation { get; }

    private IEnumerable<Measurement<double>> ObserveWatermarks() =>
        _activity.Watermarks().Select(w => new Measurement<double>(w.Watermark / 1000.0, PartitionTags(w.Topic, w.Partition)));

    private IEnumerable<Measurement<double>> ObserveWatermarkLags() =>
        _activity.Watermarks().Select(w => new Measurement<double>(Math.Max(0, _activity.Now - w.Watermark) / 1000.0, PartitionTags(w.Topic, w.Partition)));

    private static KeyValuePair<string, object?>[] PartitionTags(string topic, int partition) =>
        [new("topic", topic), new("partition", partition)];

    private IEnumerable<Measurement<long>> ObserveOpenWindows() =>
        _activity.Snapshot()
            .GroupBy(j => j.Job, StringComparer.Ordinal)
            .Select(g => new Measurement<long>(g.Sum(j => j.OpenWindows), new KeyValuePair<string, object?>(JobTag, g.Key)));
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Orleans.Analytics.Pipeline;

/// <summary>The analytics jobs' instruments on the <c>Orleans.Analytics</c> meter.</summary>
internal static class PipelineInstruments
{
    public const string JobTag = "job";

    private static readonly Meter s_meter = new("Orleans.Analytics");
    private static readonly ConcurrentDictionary<JobActivity, byte> s_activities = new();

    public static readonly Counter<long> ResultsEmitted = s_meter.CreateCounter<long>(
        "orleans_analytics.job.results", "{record}", "Result records a job emitted (first emissions and revisions).");

    public static readonly Counter<long> LateRecords = s_meter.CreateCounter<long>(
        "orleans_analytics.job.late_records", "{record}", "Records too late for every window they belong to; sent to late_events.");

    public static readonly Histogram<double> WindowCloseLatency = s_meter.CreateHistogram<double>(
        "orleans_analytics.window.close.latency", "s", "From the silo seeing the watermark pass a window's end to the window's result being acknowledged by Kafka.");

    static PipelineInstruments()
    {
        s_meter.CreateObservableGauge("orleans_analytics.job.windows.open", ObserveOpenWindows, "{window}",
            "Windows (or sessions) held open by the job's active grains in this process.");
    }

    /// <summary>Includes a silo's job activity in the open-windows gauge until it is disposed.</summary>
    public static void Register(JobActivity activity) => s_activities.TryAdd(activity, 0);

    public static void Unregister(JobActivity activity) => s_activities.TryRemove(activity, out _);

    private static IEnumerable<Measurement<long>> ObserveOpenWindows() =>
        s_activities.Keys
            .SelectMany(a => a.Snapshot())
            .GroupBy(j => j.Job, StringComparer.Ordinal)
            .Select(g => new Measurement<long>(g.Sum(j => j.OpenWindows), new KeyValuePair<string, object?>(JobTag, g.Key)));
}

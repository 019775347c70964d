using System.Diagnostics.Metrics;

namespace Orleans.Analytics.Pipeline;

/// <summary>The analytics jobs' instruments on the <c>Orleans.Analytics</c> meter.</summary>
internal static class PipelineInstruments
{
    public const string JobTag = "job";

    private static readonly Meter s_meter = new("Orleans.Analytics");

    public static readonly Counter<long> ResultsEmitted = s_meter.CreateCounter<long>(
        "orleans_analytics.job.results", "{record}", "Result records a job emitted (first emissions and revisions).");

    public static readonly Counter<long> LateRecords = s_meter.CreateCounter<long>(
        "orleans_analytics.job.late_records", "{record}", "Records too late for every window they belong to; sent to late_events.");

    public static readonly Histogram<double> WindowCloseLatency = s_meter.CreateHistogram<double>(
        "orleans_analytics.window.close.latency", "s", "From the silo seeing the watermark pass a window's end to the window's result being acknowledged by Kafka.");
}

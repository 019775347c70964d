using System.Diagnostics.Metrics;

namespace Orleans.Analytics.Kafka;

/// <summary>Histogram bucket bounds for the <c>Orleans.Analytics</c> meter's durations.</summary>
public static class DurationBuckets
{
    /// <summary>Durations in seconds, from 5 ms to a minute. Exporters' default bounds assume milliseconds.</summary>
    public static InstrumentAdvice<double> Seconds { get; } = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    };
}

namespace Orleans.Analytics.Core.Aggregation;

/// <summary>The result of <see cref="LatencyAggregate"/>, as in <c>performance_metrics</c>; all times in milliseconds.</summary>
/// <param name="SampleCount">Values in the window (<c>sample_count</c>).</param>
/// <param name="AverageMs">Exact mean (<c>avg_ms</c>).</param>
/// <param name="P50Ms">Nearest-rank median, within the sketch's relative accuracy (<c>p50_ms</c>).</param>
/// <param name="P95Ms">Nearest-rank 95th percentile, within the relative accuracy (<c>p95_ms</c>).</param>
/// <param name="P99Ms">Nearest-rank 99th percentile, within the relative accuracy (<c>p99_ms</c>).</param>
/// <param name="MinMs">Exact minimum.</param>
/// <param name="MaxMs">Exact maximum.</param>
public readonly record struct LatencySummary(
    long SampleCount,
    double AverageMs,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MinMs,
    double MaxMs);

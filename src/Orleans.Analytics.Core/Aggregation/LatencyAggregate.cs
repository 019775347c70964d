using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Aggregation;

/// <summary>
/// Count, mean and p50/p95/p99 of a latency such as <c>page_load_ms</c> over a window, using a
/// <see cref="PercentileSketch"/> (nearest-rank percentiles within its relative accuracy, 1 % by default).
/// </summary>
public sealed class LatencyAggregate : IWindowAggregate<double, PercentileSketch, LatencySummary>
{
    /// <summary>Creates the aggregate.</summary>
    /// <param name="relativeAccuracy">The sketches' α; default <see cref="PercentileSketch.DefaultRelativeAccuracy"/> (1 %).</param>
    public LatencyAggregate(double relativeAccuracy = PercentileSketch.DefaultRelativeAccuracy)
    {
        // Validates the accuracy once, up front, rather than on the first window.
        _ = new PercentileSketch(relativeAccuracy);
        RelativeAccuracy = relativeAccuracy;
    }

    /// <summary>The sketches' relative accuracy α.</summary>
    public double RelativeAccuracy { get; }

    /// <inheritdoc />
    public PercentileSketch CreateAccumulator() => new(RelativeAccuracy);

    /// <inheritdoc />
    public PercentileSketch Add(PercentileSketch accumulator, double input)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        accumulator.Add(input);
        return accumulator;
    }

    /// <inheritdoc />
    public PercentileSketch Merge(PercentileSketch target, PercentileSketch other)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Merge(other);
        return target;
    }

    /// <inheritdoc />
    public LatencySummary GetResult(PercentileSketch accumulator)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        return new LatencySummary(
            accumulator.Count,
            accumulator.Average,
            accumulator.GetQuantile(0.50),
            accumulator.GetQuantile(0.95),
            accumulator.GetQuantile(0.99),
            accumulator.Min,
            accumulator.Max);
    }
}

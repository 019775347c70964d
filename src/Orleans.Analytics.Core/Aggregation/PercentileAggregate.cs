using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Aggregation;

/// <summary>
/// A sketch of one non-negative number of each input per window (an order's amount, a request's duration): its
/// result is the window's <see cref="PercentileSketch"/>, with exact count, sum, minimum and maximum and
/// nearest-rank quantiles within the relative accuracy α (1 % by default) of the exact ones.
/// </summary>
/// <typeparam name="T">The input type.</typeparam>
public sealed class PercentileAggregate<T> : IWindowAggregate<T, SketchAccumulator, PercentileSketch>
{
    private readonly Func<T, double> _value;

    /// <summary>Creates the aggregate.</summary>
    /// <param name="value">The number of an input; it must be finite and non-negative (filter the others out first).</param>
    /// <param name="relativeAccuracy">The sketches' α; default <see cref="PercentileSketch.DefaultRelativeAccuracy"/> (1 %).</param>
    public PercentileAggregate(Func<T, double> value, double relativeAccuracy = PercentileSketch.DefaultRelativeAccuracy)
    {
        ArgumentNullException.ThrowIfNull(value);
        // Validates the accuracy once, up front, rather than on the first window.
        _ = new PercentileSketch(relativeAccuracy);
        _value = value;
        RelativeAccuracy = relativeAccuracy;
    }

    /// <summary>The sketches' relative accuracy α.</summary>
    public double RelativeAccuracy { get; }

    /// <inheritdoc />
    public SketchAccumulator CreateAccumulator() => new();

    /// <inheritdoc />
    public SketchAccumulator Add(SketchAccumulator accumulator, T input)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        accumulator.Live(RelativeAccuracy).Add(_value(input));
        return accumulator;
    }

    /// <inheritdoc />
    public SketchAccumulator Merge(SketchAccumulator target, SketchAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(other);
        target.Live(RelativeAccuracy).Merge(other.Live(RelativeAccuracy));
        return target;
    }

    /// <inheritdoc />
    public PercentileSketch GetResult(SketchAccumulator accumulator)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        return accumulator.Live(RelativeAccuracy);
    }
}

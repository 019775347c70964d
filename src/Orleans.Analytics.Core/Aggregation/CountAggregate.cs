using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Aggregation;

/// <summary>Counts the records of a window (<c>COUNT(*)</c>); the input value is ignored.</summary>
/// <typeparam name="TInput">The record value type, unused.</typeparam>
public sealed class CountAggregate<TInput> : IWindowAggregate<TInput, long, long>
{
    /// <summary>A shared instance; the aggregate has no state of its own.</summary>
    public static CountAggregate<TInput> Instance { get; } = new();

    /// <inheritdoc />
    public long CreateAccumulator() => 0;

    /// <inheritdoc />
    public long Add(long accumulator, TInput input) => accumulator + 1;

    /// <inheritdoc />
    public long Merge(long target, long other) => target + other;

    /// <inheritdoc />
    public long GetResult(long accumulator) => accumulator;
}

using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Aggregation;

/// <summary>
/// Counts records and distinct values in a window (<c>COUNT(*)</c> and <c>COUNT(DISTINCT value)</c>), as
/// <c>event_count</c> and <c>unique_users</c> of <c>event_metrics</c>. Exact.
/// </summary>
/// <typeparam name="TValue">The counted value, such as a user id; null values are counted as records only.</typeparam>
public sealed class DistinctCountAggregate<TValue> : IWindowAggregate<TValue?, DistinctCounter<TValue>, DistinctCount>
    where TValue : notnull
{
    private readonly IEqualityComparer<TValue>? _comparer;

    /// <summary>Creates the aggregate.</summary>
    /// <param name="comparer">Equality of values; default <see cref="EqualityComparer{T}.Default"/> (ordinal for strings).</param>
    public DistinctCountAggregate(IEqualityComparer<TValue>? comparer = null) => _comparer = comparer;

    /// <inheritdoc />
    public DistinctCounter<TValue> CreateAccumulator() => new(_comparer);

    /// <inheritdoc />
    public DistinctCounter<TValue> Add(DistinctCounter<TValue> accumulator, TValue? input)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        accumulator.Add(input);
        return accumulator;
    }

    /// <inheritdoc />
    public DistinctCounter<TValue> Merge(DistinctCounter<TValue> target, DistinctCounter<TValue> other)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(other);

        // Union into the larger set: fewer insertions and no rehash of the big one.
        var (large, small) = target.Values.Count >= other.Values.Count ? (target, other) : (other, target);
        large.Values.UnionWith(small.Values);
        large.EventCount += small.EventCount;
        return large;
    }

    /// <inheritdoc />
    public DistinctCount GetResult(DistinctCounter<TValue> accumulator)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        return new DistinctCount(accumulator.EventCount, accumulator.Values.Count);
    }
}

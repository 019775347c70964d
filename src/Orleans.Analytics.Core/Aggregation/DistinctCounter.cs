namespace Orleans.Analytics.Core.Aggregation;

/// <summary>The accumulator of <see cref="DistinctCountAggregate{TValue}"/>: a record count and the exact set of values.</summary>
/// <typeparam name="TValue">The counted value, such as a user id.</typeparam>
/// <remarks>Exact: memory grows with the number of distinct values in one window (one set entry each).</remarks>
public sealed class DistinctCounter<TValue>
    where TValue : notnull
{
    /// <summary>Creates an empty counter.</summary>
    /// <param name="comparer">Equality of values; default <see cref="EqualityComparer{T}.Default"/> (ordinal for strings).</param>
    public DistinctCounter(IEqualityComparer<TValue>? comparer = null) => Values = new HashSet<TValue>(comparer);

    /// <summary>Records counted, including those without a value.</summary>
    public long EventCount { get; set; }

    /// <summary>The distinct values seen.</summary>
    public HashSet<TValue> Values { get; }

    /// <summary>Counts a record and remembers its value when it has one.</summary>
    /// <param name="value">The value, or <see langword="null"/> when the record has none.</param>
    public void Add(TValue? value)
    {
        EventCount++;
        if (value is not null)
        {
            Values.Add(value);
        }
    }
}

namespace Orleans.Analytics.Core.Aggregation;

/// <summary>The result of <see cref="DistinctCountAggregate{TValue}"/>.</summary>
/// <param name="EventCount">Records counted (<c>event_count</c>), including those without a value.</param>
/// <param name="UniqueCount">Distinct non-null values (<c>unique_users</c>).</param>
public readonly record struct DistinctCount(long EventCount, long UniqueCount);

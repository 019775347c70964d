namespace Orleans.Analytics.Jobs.Tda;

/// <summary>A parsed TDA event.</summary>
/// <param name="Points">Its points (possibly none: a TDA event type without a point cloud).</param>
/// <param name="Algorithm">The algorithm it asks for, or null.</param>
/// <param name="EventTimeMs">Its <c>timestamp</c> in epoch milliseconds, else the Kafka record's timestamp.</param>
internal sealed record TdaEvent(IReadOnlyList<double[]> Points, string? Algorithm, long EventTimeMs);

namespace Orleans.Analytics.Kafka;

/// <summary>A result record for a sink topic.</summary>
/// <param name="Topic">The sink topic.</param>
/// <param name="Key">The key that names the result uniquely (so a consumer can keep the latest revision per key).</param>
/// <param name="Value">
/// The record value, usually UTF-8 JSON; <see langword="null"/> for a tombstone, which withdraws the key's earlier
/// records (a compacted topic drops the key; a consumer keeping the latest record per key deletes it).
/// </param>
[GenerateSerializer, Immutable, Alias("orleans-analytics.sink-record")]
public sealed record SinkRecord(
    [property: Id(0)] string Topic,
    [property: Id(1)] string? Key,
    [property: Id(2)] byte[]? Value);

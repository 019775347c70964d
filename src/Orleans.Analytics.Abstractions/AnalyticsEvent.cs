namespace Orleans.Analytics;

/// <summary>
/// An analytics event as the jobs see it: parsed once by the partition's reader, with its origin so that a key
/// grain can skip what it already applied.
/// </summary>
[GenerateSerializer, Immutable, Alias("orleans-analytics.event")]
public sealed record AnalyticsEvent(
    [property: Id(0)] int Partition,
    [property: Id(1)] long Offset,
    [property: Id(2)] long EventTime,
    [property: Id(3)] string? EventId,
    [property: Id(4)] string? UserId,
    [property: Id(5)] string? SessionId,
    [property: Id(6)] string Type,
    [property: Id(7)] string? Page,
    [property: Id(8)] string DeviceCategory,
    [property: Id(9)] double? PageLoadMs);

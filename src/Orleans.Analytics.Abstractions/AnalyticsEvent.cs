namespace Orleans.Analytics;

/// <summary>
/// An <c>analytics_events</c> record as the analytics jobs see it: parsed once by the partition's reader, straight
/// from the Kafka client's buffer. A value type with shared strings (event types, pages, user and session ids are
/// interned), so parsing allocates nothing per record.
/// </summary>
/// <param name="EventTime">The event time, epoch milliseconds.</param>
/// <param name="UserId">The user (<c>user_id</c>, else the record key), or null.</param>
/// <param name="SessionId">The client's session id, or null.</param>
/// <param name="Type"><c>event.type</c>.</param>
/// <param name="Page"><c>event.page</c>, or null.</param>
/// <param name="DeviceCategory">The device category from <c>device.type</c> and <c>device.user_agent</c>.</param>
/// <param name="PageLoadMs"><c>performance.page_load_ms</c>, or null.</param>
[GenerateSerializer, Immutable, Alias("orleans-analytics.event")]
public readonly record struct AnalyticsEvent(
    [property: Id(0)] long EventTime,
    [property: Id(1)] string? UserId,
    [property: Id(2)] string? SessionId,
    [property: Id(3)] string Type,
    [property: Id(4)] string? Page,
    [property: Id(5)] string DeviceCategory,
    [property: Id(6)] double? PageLoadMs);

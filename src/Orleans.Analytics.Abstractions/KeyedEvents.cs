namespace Orleans.Analytics;

/// <summary>
/// A partition's events for one key grain, in offset order, with each event's grouping key when the grain holds
/// several keys (a co-partitioned job). Never changed once sent, so a call within a silo passes it uncopied.
/// </summary>
/// <param name="Partition">The source partition all the events come from.</param>
/// <param name="Events">The events, in offset order.</param>
/// <param name="Keys">The grouping key of each event; null when every event counts under the grain's own key.</param>
[GenerateSerializer, Immutable, Alias("orleans-analytics.keyed-events")]
public sealed record KeyedEvents(
    [property: Id(0)] int Partition,
    [property: Id(1)] IReadOnlyList<AnalyticsEvent> Events,
    [property: Id(2)] IReadOnlyList<string>? Keys);

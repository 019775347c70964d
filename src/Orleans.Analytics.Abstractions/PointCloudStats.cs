namespace Orleans.Analytics;

/// <summary>Counts of one point-cloud stream since it started (they survive reactivation).</summary>
/// <param name="EventsApplied">TDA events added to windows.</param>
/// <param name="EventsFiltered">Events that were not TDA events and were skipped.</param>
/// <param name="EventsRejected">TDA events with unusable points, sent to the dead-letter topic.</param>
/// <param name="PointsReceived">Points added to windows.</param>
/// <param name="WindowsComputed">Windows whose persistence diagram was written.</param>
/// <param name="WindowsSkipped">Windows closed with fewer than 3 points.</param>
/// <param name="WindowsFailed">Windows that yielded an error record.</param>
/// <param name="OpenWindows">Windows currently accumulating points.</param>
/// <param name="Computing">Whether a window is being computed right now.</param>
[GenerateSerializer, Immutable]
public sealed record PointCloudStats(
    [property: Id(0)] long EventsApplied,
    [property: Id(1)] long EventsFiltered,
    [property: Id(2)] long EventsRejected,
    [property: Id(3)] long PointsReceived,
    [property: Id(4)] long WindowsComputed,
    [property: Id(5)] long WindowsSkipped,
    [property: Id(6)] long WindowsFailed,
    [property: Id(7)] int OpenWindows,
    [property: Id(8)] bool Computing);

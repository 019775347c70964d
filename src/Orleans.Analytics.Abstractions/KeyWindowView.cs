namespace Orleans.Analytics;

/// <summary>One window (or session, or running aggregate) a key grain holds, with its partial result as the job writes it.</summary>
/// <param name="Key">The grouping key.</param>
/// <param name="Start">The window start, epoch milliseconds (<see cref="long.MinValue"/> for a running aggregate).</param>
/// <param name="End">The window end, epoch milliseconds (<see cref="long.MaxValue"/> for a running aggregate).</param>
/// <param name="Closed">Whether it was emitted and is kept only for late updates.</param>
/// <param name="Revision">The revision its next emission will carry.</param>
/// <param name="ResultJson">The result so far, as the job's sink record would carry it (UTF-8 JSON).</param>
[GenerateSerializer, Immutable, Alias("orleans-analytics.key-window-view")]
public sealed record KeyWindowView(
    [property: Id(0)] string Key,
    [property: Id(1)] long Start,
    [property: Id(2)] long End,
    [property: Id(3)] bool Closed,
    [property: Id(4)] int Revision,
    [property: Id(5)] string ResultJson);

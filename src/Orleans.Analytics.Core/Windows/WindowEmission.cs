namespace Orleans.Analytics.Core.Windows;

/// <summary>One emission of a window's result.</summary>
/// <typeparam name="TKey">The grouping key.</typeparam>
/// <typeparam name="TResult">The aggregate's result.</typeparam>
/// <param name="Key">The grouping key.</param>
/// <param name="Window">
/// The window; with <see cref="ResultKeys"/> it gives the result's Kafka key. For a <see cref="EmissionKind.Retraction"/>,
/// the superseded window as it was last emitted, so its start gives the key to withdraw.
/// </param>
/// <param name="Result">The aggregate over the window's records so far; <see langword="default"/> for a <see cref="EmissionKind.Retraction"/>.</param>
/// <param name="Revision">
/// 0 for the first emission of this window, one more for each later emission. A session carries its count on when
/// its start (and so its key) changes or sessions merge (the highest of the merged ones); a
/// <see cref="EmissionKind.Retraction"/> carries the revision the superseded session would have emitted next, above
/// every revision written under its key.
/// </param>
/// <param name="Kind">Why it was emitted.</param>
public readonly record struct WindowEmission<TKey, TResult>(
    TKey Key,
    TimeWindow Window,
    TResult Result,
    int Revision,
    EmissionKind Kind);

namespace Orleans.Analytics.Core.Windows;

/// <summary>One emission of a window's result.</summary>
/// <typeparam name="TKey">The grouping key.</typeparam>
/// <typeparam name="TResult">The aggregate's result.</typeparam>
/// <param name="Key">The grouping key.</param>
/// <param name="Window">The window; with <see cref="ResultKeys"/> it gives the result's Kafka key.</param>
/// <param name="Result">The aggregate over the window's records so far.</param>
/// <param name="Revision">0 for the first emission of this window, one more for each later emission.</param>
/// <param name="Kind">Why it was emitted.</param>
public readonly record struct WindowEmission<TKey, TResult>(
    TKey Key,
    TimeWindow Window,
    TResult Result,
    int Revision,
    EmissionKind Kind);

namespace Orleans.Analytics.Core.Windows;

/// <summary>The persisted form of a keyed window or session operator: its watermark and every window it holds.</summary>
/// <typeparam name="TKey">The grouping key.</typeparam>
/// <typeparam name="TAccumulator">The aggregate's accumulator.</typeparam>
/// <param name="Watermark">The operator's watermark in epoch milliseconds (<see cref="long.MinValue"/> before the first).</param>
/// <param name="Windows">Every window not yet purged.</param>
/// <param name="Retractions">
/// Retractions of superseded sessions due at the next watermark advance. <see langword="null"/> (as in snapshots taken
/// before retractions were tracked) means the windows carry no <see cref="WindowSlotSnapshot{TKey, TAccumulator}.Emitted"/>
/// either: a window that was emitted is then taken to have been emitted under its current start.
/// </param>
public sealed record WindowOperatorSnapshot<TKey, TAccumulator>(
    long Watermark,
    IReadOnlyList<WindowSlotSnapshot<TKey, TAccumulator>> Windows,
    IReadOnlyList<WindowRetractionSnapshot<TKey>>? Retractions = null);

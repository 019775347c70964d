namespace Orleans.Analytics.Core.Windows;

/// <summary>The persisted form of a keyed window or session operator: its watermark and every window it holds.</summary>
/// <typeparam name="TKey">The grouping key.</typeparam>
/// <typeparam name="TAccumulator">The aggregate's accumulator.</typeparam>
/// <param name="Watermark">The operator's watermark in epoch milliseconds (<see cref="long.MinValue"/> before the first).</param>
/// <param name="Windows">Every window not yet purged.</param>
public sealed record WindowOperatorSnapshot<TKey, TAccumulator>(
    long Watermark,
    IReadOnlyList<WindowSlotSnapshot<TKey, TAccumulator>> Windows);

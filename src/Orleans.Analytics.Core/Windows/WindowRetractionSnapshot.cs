namespace Orleans.Analytics.Core.Windows;

/// <summary>The persisted form of a retraction an operator owes at its next watermark advance.</summary>
/// <typeparam name="TKey">The grouping key.</typeparam>
/// <param name="Key">The grouping key.</param>
/// <param name="Start">The superseded window's start as last emitted, epoch milliseconds.</param>
/// <param name="End">The superseded window's end as last emitted (exclusive), epoch milliseconds.</param>
/// <param name="Revision">The revision the retraction carries.</param>
public sealed record WindowRetractionSnapshot<TKey>(TKey Key, long Start, long End, int Revision);

namespace Orleans.Analytics.Core.Windows;

/// <summary>The persisted form of one window held by an operator.</summary>
/// <typeparam name="TKey">The grouping key.</typeparam>
/// <typeparam name="TAccumulator">The aggregate's accumulator.</typeparam>
/// <param name="Key">The grouping key.</param>
/// <param name="Start">Window start, epoch milliseconds.</param>
/// <param name="End">Window end (exclusive), epoch milliseconds.</param>
/// <param name="LastEventTime">The latest event time in the window (sessions extend from it).</param>
/// <param name="Accumulator">The aggregate state; shared with the operator, so serialize it before offering more records.</param>
/// <param name="Revision">The revision the next emission will carry.</param>
/// <param name="RecordsSinceEmission">Records added since the last emission (for the count trigger).</param>
/// <param name="Changed">Whether records were added since the last emission.</param>
/// <param name="Closed">Whether the on-time emission has happened.</param>
/// <param name="LateUpdate">Whether the pending change came from a late record.</param>
/// <param name="Emitted">
/// The window as last emitted while its result key is still this window's; <see langword="null"/> when never emitted
/// or since retracted. Missing in snapshots taken before retractions were tracked (see <see cref="WindowOperatorSnapshot{TKey, TAccumulator}.Retractions"/>).
/// </param>
public sealed record WindowSlotSnapshot<TKey, TAccumulator>(
    TKey Key,
    long Start,
    long End,
    long LastEventTime,
    TAccumulator Accumulator,
    int Revision,
    long RecordsSinceEmission,
    bool Changed,
    bool Closed,
    bool LateUpdate,
    TimeWindow? Emitted = null);

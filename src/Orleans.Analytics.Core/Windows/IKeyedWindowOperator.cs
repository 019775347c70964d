namespace Orleans.Analytics.Core.Windows;

/// <summary>
/// Keyed windowed aggregation driven by event times and watermarks; what a window or session grain holds
/// (one key per grain) and what ingress pre-aggregation holds (many keys). Not thread-safe.
/// </summary>
/// <typeparam name="TKey">The grouping key.</typeparam>
/// <typeparam name="TInput">The value each record contributes.</typeparam>
/// <typeparam name="TAccumulator">The aggregate's state.</typeparam>
/// <typeparam name="TResult">What an emission carries.</typeparam>
public interface IKeyedWindowOperator<TKey, in TInput, TAccumulator, TResult>
    where TKey : notnull
{
    /// <summary>The operator's watermark in epoch milliseconds; <see cref="long.MinValue"/> before the first advance.</summary>
    long CurrentWatermark { get; }

    /// <summary>How many keys hold at least one window.</summary>
    int KeyCount { get; }

    /// <summary>How many windows are held (open, or closed but within the allowed lateness).</summary>
    int WindowCount { get; }

    /// <summary>Records judged <see cref="EventStatus.TooLate"/> since this instance was created (not persisted).</summary>
    long TooLateCount { get; }

    /// <summary>Offers a record; it is judged against <see cref="CurrentWatermark"/>.</summary>
    /// <param name="key">The grouping key.</param>
    /// <param name="eventTime">The record's time in epoch milliseconds (the wall clock in processing-time mode).</param>
    /// <param name="input">The record's value.</param>
    /// <returns>Whether the record was counted, counted late, or is too late (with the reason).</returns>
    EventOutcome OnEvent(TKey key, long eventTime, TInput input);

    /// <summary>
    /// Moves the watermark forward (a lower value is ignored) and appends every emission due: windows whose end
    /// the watermark reached, windows updated by late records, early firings, and retractions of sessions superseded
    /// since the last call (<see cref="EmissionKind.Retraction"/>). Purges windows whose end plus the allowed lateness
    /// the watermark reached. Call it with <see cref="long.MaxValue"/> to flush everything.
    /// </summary>
    /// <param name="watermark">The new watermark in epoch milliseconds.</param>
    /// <param name="output">Receives the emissions, ordered by due time across keys.</param>
    /// <returns>How many emissions were appended.</returns>
    int AdvanceWatermark(long watermark, ICollection<WindowEmission<TKey, TResult>> output);

    /// <summary>Captures the state to persist; accumulators are shared, not copied.</summary>
    /// <returns>The watermark, every held window and the retractions owed.</returns>
    WindowOperatorSnapshot<TKey, TAccumulator> Snapshot();

    /// <summary>Replaces the state with a snapshot taken from an operator with the same definition.</summary>
    /// <param name="snapshot">A snapshot from <see cref="Snapshot"/>.</param>
    void Restore(WindowOperatorSnapshot<TKey, TAccumulator> snapshot);
}

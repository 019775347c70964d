namespace Orleans.Analytics.Core.Windows;

/// <summary>
/// Keyed aggregation over fixed windows (<see cref="TumblingWindows"/>, <see cref="SlidingWindows"/>).
/// </summary>
/// <remarks>
/// <para>A window <c>[start, end)</c> is emitted once when the watermark reaches <c>end</c> (revision 0). Until the
/// watermark reaches <c>end + AllowedLateness</c> the window is kept: a late record updates it and the next
/// <see cref="AdvanceWatermark"/> re-emits it with the next revision; after that it is purged, and a record whose
/// windows are all purged is <see cref="EventStatus.TooLate"/>. A sliding-window record that is too late for some
/// of its windows but not all is counted in the rest, as in Flink.</para>
/// <para>Flink fires a window when the watermark reaches <c>end − 1 ms</c>, because its watermark <c>W</c> says no
/// more records at or before <c>W</c>; here the watermark says no more records before <c>W</c>, so a window closes
/// at <c>W ≥ end</c>. With watermark = max event time − delay, a window therefore closes 1 ms of event time later
/// than in Flink SQL.</para>
/// </remarks>
/// <typeparam name="TKey">The grouping key.</typeparam>
/// <typeparam name="TInput">The value each record contributes.</typeparam>
/// <typeparam name="TAccumulator">The aggregate's state.</typeparam>
/// <typeparam name="TResult">What an emission carries.</typeparam>
public sealed class KeyedWindowOperator<TKey, TInput, TAccumulator, TResult> : IKeyedWindowOperator<TKey, TInput, TAccumulator, TResult>
    where TKey : notnull
{
    private readonly IWindowAssigner _assigner;
    private readonly WindowStore<TKey, TInput, TAccumulator, TResult> _store;
    private readonly TimeWindow[] _assigned;

    /// <summary>Creates an operator.</summary>
    /// <param name="assigner">Which windows a record belongs to.</param>
    /// <param name="aggregate">How a window's records are aggregated.</param>
    /// <param name="options">Lateness and trigger settings; default <see cref="WindowOperatorOptions"/> (no lateness, no early firing).</param>
    public KeyedWindowOperator(
        IWindowAssigner assigner,
        IWindowAggregate<TInput, TAccumulator, TResult> aggregate,
        WindowOperatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(assigner);
        _assigner = assigner;
        _store = new WindowStore<TKey, TInput, TAccumulator, TResult>(aggregate, options ?? new WindowOperatorOptions());
        _assigned = new TimeWindow[assigner.MaxWindowsPerEvent];
    }

    /// <inheritdoc />
    public long CurrentWatermark => _store.Watermark;

    /// <inheritdoc />
    public int KeyCount => _store.KeyCount;

    /// <inheritdoc />
    public int WindowCount => _store.WindowCount;

    /// <inheritdoc />
    public long TooLateCount => _store.TooLateCount;

    /// <inheritdoc />
    public EventOutcome OnEvent(TKey key, long eventTime, TInput input)
    {
        var count = _assigner.AssignWindows(eventTime, _assigned);
        var watermark = _store.Watermark;
        KeyWindows<TAccumulator>? state = null;
        var counted = false;
        var late = false;
        for (var i = 0; i < count; i++)
        {
            var window = _assigned[i];
            if (_store.IsPurged(window.End))
            {
                continue;
            }

            state ??= _store.GetOrAdd(key);
            var slot = Find(state, window.Start) ?? _store.AddSlot(state, window.Start, window.End);
            _store.AddRecord(key, state, slot, eventTime, input);
            counted = true;
            late |= window.End <= watermark;
        }

        if (!counted)
        {
            // The last window assigned is the latest one; it closed least long ago, which is what the reason reports.
            _store.CountTooLate(1);
            return new EventOutcome(
                EventStatus.TooLate,
                LateReasons.TooLate(eventTime, watermark, _store.AllowedLateness, _assigned[count - 1]));
        }

        return late ? EventOutcome.LateWithinLateness : EventOutcome.Accepted;
    }

    /// <summary>
    /// Merges a pre-aggregated accumulator for one window (from mini-batch pre-aggregation upstream) as if its
    /// records had been offered one by one; lateness is judged by the window, as for a record.
    /// </summary>
    /// <param name="key">The grouping key.</param>
    /// <param name="window">The window the records were aggregated for; it must be one this operator's assigner produces.</param>
    /// <param name="partial">The accumulator; merged with the aggregate's <c>Merge</c> and not used by the caller afterwards.</param>
    /// <param name="recordCount">How many records it holds (for the count trigger and <see cref="TooLateCount"/>); at least 1.</param>
    /// <param name="maxEventTime">The latest event time among them, epoch milliseconds (for the reason text).</param>
    /// <returns>Whether the records were counted, counted late, or are too late (with the reason).</returns>
    public EventOutcome OnPartial(TKey key, TimeWindow window, TAccumulator partial, long recordCount, long maxEventTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recordCount, 1);
        if (_store.IsPurged(window.End))
        {
            _store.CountTooLate(recordCount);
            return new EventOutcome(
                EventStatus.TooLate,
                LateReasons.TooLate(maxEventTime, _store.Watermark, _store.AllowedLateness, window));
        }

        var state = _store.GetOrAdd(key);
        var slot = Find(state, window.Start) ?? _store.AddSlot(state, window.Start, window.End);
        _store.AddPartial(key, state, slot, partial, recordCount, maxEventTime);
        return window.End <= _store.Watermark ? EventOutcome.LateWithinLateness : EventOutcome.Accepted;
    }

    /// <inheritdoc />
    public int AdvanceWatermark(long watermark, ICollection<WindowEmission<TKey, TResult>> output) =>
        _store.Advance(watermark, output);

    /// <inheritdoc />
    public WindowOperatorSnapshot<TKey, TAccumulator> Snapshot() => _store.Snapshot();

    /// <inheritdoc />
    public void Restore(WindowOperatorSnapshot<TKey, TAccumulator> snapshot) => _store.Restore(snapshot);

    private static WindowSlot<TAccumulator>? Find(KeyWindows<TAccumulator> state, long start)
    {
        // Recent windows sit at the end of the list and receive most records.
        var slots = state.Slots;
        for (var i = slots.Count - 1; i >= 0; i--)
        {
            if (slots[i].Start == start)
            {
                return slots[i];
            }
        }

        return null;
    }
}

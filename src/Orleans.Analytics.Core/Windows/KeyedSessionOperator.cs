namespace Orleans.Analytics.Core.Windows;

/// <summary>Keyed aggregation over merging <see cref="SessionWindows"/>.</summary>
/// <remarks>
/// <para>A record at <c>t</c> forms the session <c>[t, t + gap)</c> and merges with every session of its key that
/// window overlaps; the merged session spans its earliest to its latest event plus the gap, capped by the maximum
/// duration (see <see cref="SessionWindows"/> for how this relates to Flink SQL).</para>
/// <para>Emission, lateness and purging work as in <see cref="KeyedWindowOperator{TKey, TInput, TAccumulator, TResult}"/>:
/// a session is emitted when the watermark reaches its end, kept for the allowed lateness, and re-emitted with the
/// next revision when a late record updates it. A late record that extends a closed session past the watermark
/// reopens it; it is emitted again when the watermark reaches the new end.</para>
/// <para>A session's result key is its start. When a record merges an emitted session into another, or moves an
/// emitted session's start earlier, the key it was emitted under no longer names a session: the next
/// <see cref="AdvanceWatermark"/> emits a <see cref="EmissionKind.Retraction"/> for it (a tombstone on the sink, as
/// Kafka Streams writes for session windows), before the merged session's own emission. Each superseded key is
/// retracted once; a session that keeps its start keeps its key and is re-emitted with the next revision, and a
/// session never emitted needs no retraction. The merged session's revisions continue from the highest of the merged
/// ones, also under a new key. Pending retractions and where each session was last emitted are part of the
/// snapshot.</para>
/// </remarks>
/// <typeparam name="TKey">The grouping key.</typeparam>
/// <typeparam name="TInput">The value each record contributes.</typeparam>
/// <typeparam name="TAccumulator">The aggregate's state.</typeparam>
/// <typeparam name="TResult">What an emission carries.</typeparam>
public sealed class KeyedSessionOperator<TKey, TInput, TAccumulator, TResult> : IKeyedWindowOperator<TKey, TInput, TAccumulator, TResult>
    where TKey : notnull
{
    private readonly SessionWindows _sessions;
    private readonly WindowStore<TKey, TInput, TAccumulator, TResult> _store;
    private readonly List<WindowSlot<TAccumulator>> _reached = new(4);

    /// <summary>Creates an operator.</summary>
    /// <param name="sessions">The gap and maximum duration.</param>
    /// <param name="aggregate">How a session's records are aggregated; its <c>Merge</c> is used when sessions merge.</param>
    /// <param name="options">Lateness and trigger settings; default <see cref="WindowOperatorOptions"/> (no lateness, no early firing).</param>
    public KeyedSessionOperator(
        SessionWindows sessions,
        IWindowAggregate<TInput, TAccumulator, TResult> aggregate,
        WindowOperatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        _sessions = sessions;
        _store = new WindowStore<TKey, TInput, TAccumulator, TResult>(aggregate, options ?? new WindowOperatorOptions());
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
        var candidateEnd = _sessions.EndFor(eventTime, eventTime);
        _reached.Clear();
        if (_store.TryGet(key, out var state))
        {
            foreach (var slot in state.Slots)
            {
                if (eventTime < slot.End && candidateEnd > slot.Start)
                {
                    _reached.Add(slot);
                }
            }
        }

        var target = _reached.Count switch
        {
            0 => null,
            1 => Extend(key, state!, _reached[0], eventTime),
            _ => MergeAll(key, state!, eventTime) ?? ExtendEarliestFitting(key, state!, eventTime),
        };

        if (target is null)
        {
            if (_store.IsPurged(candidateEnd))
            {
                return new EventOutcome(
                    EventStatus.TooLate,
                    LateReasons.TooLate(eventTime, _store.Watermark, _store.AllowedLateness, new TimeWindow(eventTime, candidateEnd)));
            }

            state ??= _store.GetOrAdd(key);
            target = _store.AddSlot(state, eventTime, candidateEnd);
            target.LastEventTime = eventTime;
        }

        _store.AddRecord(key, state!, target, eventTime, input);
        _reached.Clear();
        return target.End <= _store.Watermark ? EventOutcome.LateWithinLateness : EventOutcome.Accepted;
    }

    /// <inheritdoc />
    public int AdvanceWatermark(long watermark, ICollection<WindowEmission<TKey, TResult>> output) =>
        _store.Advance(watermark, output);

    /// <inheritdoc />
    public WindowOperatorSnapshot<TKey, TAccumulator> Snapshot() => _store.Snapshot();

    /// <inheritdoc />
    public void Restore(WindowOperatorSnapshot<TKey, TAccumulator> snapshot) => _store.Restore(snapshot);

    /// <summary>Extends one session to include <paramref name="eventTime"/>, or returns null if it would get too long.</summary>
    private WindowSlot<TAccumulator>? Extend(TKey key, KeyWindows<TAccumulator> state, WindowSlot<TAccumulator> slot, long eventTime)
    {
        var start = Math.Min(slot.Start, eventTime);
        var last = Math.Max(slot.LastEventTime, eventTime);
        if (!_sessions.Fits(start, last))
        {
            return null;
        }

        SetBounds(key, state, slot, start, last, slot.Closed);
        return slot;
    }

    /// <summary>Merges every reached session into the first, or returns null if the union would be too long.</summary>
    private WindowSlot<TAccumulator>? MergeAll(TKey key, KeyWindows<TAccumulator> state, long eventTime)
    {
        var start = eventTime;
        var last = eventTime;
        foreach (var slot in _reached)
        {
            start = Math.Min(start, slot.Start);
            last = Math.Max(last, slot.LastEventTime);
        }

        if (!_sessions.Fits(start, last))
        {
            return null;
        }

        // The merged session keeps the key of the one emitted under the merged start, if any; every other key the
        // merged sessions were emitted under is superseded.
        TimeWindow? kept = null;
        foreach (var slot in _reached)
        {
            if (slot.Emitted is { } emitted)
            {
                if (emitted.Start == start)
                {
                    kept = emitted;
                }
                else
                {
                    _store.Retract(key, state, emitted, slot.Revision);
                }
            }
        }

        var target = _reached[0];
        target.Emitted = kept;
        var anyClosed = target.Closed;
        var aggregate = _store.Aggregate;
        for (var i = 1; i < _reached.Count; i++)
        {
            var other = _reached[i];
            target.Accumulator = aggregate.Merge(target.Accumulator, other.Accumulator);
            target.Revision = Math.Max(target.Revision, other.Revision);
            target.RecordsSinceEmission += other.RecordsSinceEmission;
            target.LateUpdate |= other.LateUpdate;
            anyClosed |= other.Closed;
            _store.RemoveSlot(state, state.Slots.IndexOf(other));
        }

        SetBounds(key, state, target, start, last, anyClosed);
        return target;
    }

    private WindowSlot<TAccumulator>? ExtendEarliestFitting(TKey key, KeyWindows<TAccumulator> state, long eventTime)
    {
        WindowSlot<TAccumulator>? best = null;
        foreach (var slot in _reached)
        {
            if ((best is null || slot.Start < best.Start)
                && _sessions.Fits(Math.Min(slot.Start, eventTime), Math.Max(slot.LastEventTime, eventTime)))
            {
                best = slot;
            }
        }

        return best is null ? null : Extend(key, state, best, eventTime);
    }

    private void SetBounds(TKey key, KeyWindows<TAccumulator> state, WindowSlot<TAccumulator> slot, long start, long last, bool wasClosed)
    {
        if (slot.Emitted is { } emitted && emitted.Start != start)
        {
            _store.Retract(key, state, emitted, slot.Revision);
            slot.Emitted = null;
        }

        slot.Start = start;
        slot.LastEventTime = last;
        slot.End = _sessions.EndFor(start, last);

        // A closed session whose end moves past the watermark is open again and closes on time at its new end.
        slot.Closed = wasClosed && slot.End <= _store.Watermark;
    }
}

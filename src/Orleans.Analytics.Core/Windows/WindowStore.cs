using System.Runtime.InteropServices;
using Orleans.Analytics.Core.Time;

namespace Orleans.Analytics.Core.Windows;

/// <summary>
/// Keyed window state shared by the fixed-window and session operators: per-key windows, the timer queue that
/// finds windows due at a watermark without scanning every key, emission with revisions, and purging.
/// </summary>
/// <remarks>
/// A window <c>[start, end)</c> closes (first emission) when the watermark reaches <c>end</c> and is purged when the
/// watermark reaches <c>end + allowedLateness</c>; until then late records update it and it is re-emitted.
/// </remarks>
internal sealed class WindowStore<TKey, TInput, TAcc, TResult>
    where TKey : notnull
{
    private readonly Dictionary<TKey, KeyWindows<TAcc>> _keys;
    private readonly PriorityQueue<TKey, long> _timers;
    private readonly List<TKey> _dirty = [];
    private readonly long _triggerCount;
    private int _windowCount;

    public WindowStore(IWindowAggregate<TInput, TAcc, TResult> aggregate, WindowOperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.AllowedLateness, TimeSpan.Zero, nameof(options));
        Aggregate = aggregate;
        AllowedLateness = TimeMath.ToMilliseconds(options.AllowedLateness);
        _triggerCount = options.CountTrigger?.Count ?? 0;
        _keys = new Dictionary<TKey, KeyWindows<TAcc>>(Math.Max(0, options.InitialKeyCapacity));
        _timers = new PriorityQueue<TKey, long>(Math.Max(0, options.InitialKeyCapacity));
    }

    public IWindowAggregate<TInput, TAcc, TResult> Aggregate { get; }

    public long AllowedLateness { get; }

    public long Watermark { get; private set; } = long.MinValue;

    public int KeyCount => _keys.Count;

    public int WindowCount => _windowCount;

    public long TooLateCount { get; private set; }

    public bool IsPurged(long windowEnd) => TimeMath.AddSaturating(windowEnd, AllowedLateness) <= Watermark;

    public KeyWindows<TAcc> GetOrAdd(TKey key)
    {
        ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(_keys, key, out _);
        return state ??= new KeyWindows<TAcc>();
    }

    public bool TryGet(TKey key, out KeyWindows<TAcc> state) => _keys.TryGetValue(key, out state!);

    public WindowSlot<TAcc> AddSlot(KeyWindows<TAcc> state, long start, long end)
    {
        var slot = new WindowSlot<TAcc>(start, end, Aggregate.CreateAccumulator());
        state.Slots.Add(slot);
        _windowCount++;
        return slot;
    }

    public void RemoveSlot(KeyWindows<TAcc> state, int index)
    {
        state.Slots.RemoveAt(index);
        _windowCount--;
    }

    /// <summary>Adds a record to a slot and schedules what it now needs: an emission or a timer.</summary>
    public void AddRecord(TKey key, KeyWindows<TAcc> state, WindowSlot<TAcc> slot, long eventTime, TInput input)
    {
        slot.Accumulator = Aggregate.Add(slot.Accumulator, input);
        if (eventTime > slot.LastEventTime)
        {
            slot.LastEventTime = eventTime;
        }

        slot.RecordsSinceEmission++;
        MarkChanged(key, state, slot);
    }

    /// <summary>Merges a pre-aggregated accumulator of <paramref name="recordCount"/> records into a slot.</summary>
    public void AddPartial(TKey key, KeyWindows<TAcc> state, WindowSlot<TAcc> slot, TAcc partial, long recordCount, long maxEventTime)
    {
        slot.Accumulator = Aggregate.Merge(slot.Accumulator, partial);
        if (maxEventTime > slot.LastEventTime)
        {
            slot.LastEventTime = maxEventTime;
        }

        slot.RecordsSinceEmission += recordCount;
        MarkChanged(key, state, slot);
    }

    /// <summary>Counts a record judged too late, for <see cref="TooLateCount"/>.</summary>
    public void CountTooLate(long records) => TooLateCount += records;

    /// <summary>Records that a slot's contents or bounds changed.</summary>
    public void MarkChanged(TKey key, KeyWindows<TAcc> state, WindowSlot<TAcc> slot)
    {
        slot.Changed = true;
        if (slot.End <= Watermark)
        {
            slot.LateUpdate = true;
            MarkDirty(key, state);
        }
        else if (_triggerCount > 0 && slot.RecordsSinceEmission >= _triggerCount)
        {
            MarkDirty(key, state);
        }
        else if (slot.End < state.Timer)
        {
            Schedule(key, state, slot.End);
        }
    }

    /// <summary>
    /// Owes a retraction of <paramref name="emitted"/> (a superseded session's window as last emitted) at the next
    /// advance, so that its result key stops naming a session.
    /// </summary>
    public void Retract(TKey key, KeyWindows<TAcc> state, TimeWindow emitted, int revision)
    {
        (state.Retractions ??= []).Add(new PendingRetraction(emitted, revision));
        MarkDirty(key, state);
    }

    public void RemoveIfEmpty(TKey key, KeyWindows<TAcc> state)
    {
        if (state.Slots.Count == 0)
        {
            _keys.Remove(key);
        }
    }

    /// <summary>Moves the watermark (never backwards) and emits every window that closed or changed.</summary>
    public int Advance(long watermark, ICollection<WindowEmission<TKey, TResult>> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (watermark > Watermark)
        {
            Watermark = watermark;
        }

        var before = output.Count;

        // Keys with late updates or early firings first; nothing below adds to this list.
        for (var i = 0; i < _dirty.Count; i++)
        {
            var key = _dirty[i];
            if (_keys.TryGetValue(key, out var state) && state.Dirty)
            {
                state.Dirty = false;
                Process(key, state, output);
            }
        }

        _dirty.Clear();

        while (_timers.TryPeek(out var timerKey, out var due) && due <= Watermark)
        {
            _timers.Dequeue();
            if (_keys.TryGetValue(timerKey, out var state) && state.Timer == due)
            {
                state.Timer = long.MaxValue;
                Process(timerKey, state, output);
            }
        }

        return output.Count - before;
    }

    public WindowOperatorSnapshot<TKey, TAcc> Snapshot()
    {
        var windows = new List<WindowSlotSnapshot<TKey, TAcc>>(_windowCount);
        var retractions = new List<WindowRetractionSnapshot<TKey>>();
        foreach (var (key, state) in _keys)
        {
            foreach (var s in state.Slots)
            {
                windows.Add(new WindowSlotSnapshot<TKey, TAcc>(
                    key, s.Start, s.End, s.LastEventTime, s.Accumulator, s.Revision,
                    s.RecordsSinceEmission, s.Changed, s.Closed, s.LateUpdate, s.Emitted));
            }

            foreach (var r in state.Retractions ?? [])
            {
                retractions.Add(new WindowRetractionSnapshot<TKey>(key, r.Window.Start, r.Window.End, r.Revision));
            }
        }

        return new WindowOperatorSnapshot<TKey, TAcc>(Watermark, windows, retractions);
    }

    public void Restore(WindowOperatorSnapshot<TKey, TAcc> snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _keys.Clear();
        _timers.Clear();
        _dirty.Clear();
        _windowCount = 0;
        Watermark = snapshot.Watermark;

        // A snapshot from before retractions were tracked says nothing of where windows were emitted; taking an
        // emitted one to have been emitted under its current start retracts that key if it is superseded later.
        var legacy = snapshot.Retractions is null;
        foreach (var w in snapshot.Windows)
        {
            var state = GetOrAdd(w.Key);
            var slot = AddSlot(state, w.Start, w.End);
            slot.LastEventTime = w.LastEventTime;
            slot.Accumulator = w.Accumulator;
            slot.Revision = w.Revision;
            slot.RecordsSinceEmission = w.RecordsSinceEmission;
            slot.Changed = w.Changed;
            slot.Closed = w.Closed;
            slot.LateUpdate = w.LateUpdate;
            slot.Emitted = legacy && w.Revision > 0 ? new TimeWindow(w.Start, w.End) : w.Emitted;
        }

        foreach (var r in snapshot.Retractions ?? [])
        {
            var state = GetOrAdd(r.Key);
            (state.Retractions ??= []).Add(new PendingRetraction(new TimeWindow(r.Start, r.End), r.Revision));
        }

        foreach (var (key, state) in _keys)
        {
            // Everything is re-examined at the next advance, which also rebuilds the timers.
            MarkDirty(key, state);
        }
    }

    private void Process(TKey key, KeyWindows<TAcc> state, ICollection<WindowEmission<TKey, TResult>> output)
    {
        // Before the sessions that superseded them, so a consumer applying the emissions in order never holds a
        // withdrawn key next to the session that replaced it.
        if (state.Retractions is { } retractions)
        {
            foreach (var r in retractions)
            {
                output.Add(new WindowEmission<TKey, TResult>(key, r.Window, default!, r.Revision, EmissionKind.Retraction));
            }

            state.Retractions = null;
        }

        var slots = state.Slots;
        var nextDue = long.MaxValue;
        for (var i = 0; i < slots.Count; i++)
        {
            var slot = slots[i];
            if (!slot.Closed && slot.End <= Watermark)
            {
                Emit(key, slot, slot.LateUpdate ? EmissionKind.Late : EmissionKind.OnTime, output);
                slot.Closed = true;
            }
            else if (slot.Closed && slot.Changed)
            {
                Emit(key, slot, EmissionKind.Late, output);
            }
            else if (!slot.Closed && _triggerCount > 0 && slot.RecordsSinceEmission >= _triggerCount)
            {
                Emit(key, slot, EmissionKind.Early, output);
            }

            var purgeAt = TimeMath.AddSaturating(slot.End, AllowedLateness);
            if (slot.Closed && purgeAt <= Watermark)
            {
                RemoveSlot(state, i);
                i--;
                continue;
            }

            var due = slot.Closed ? purgeAt : slot.End;
            if (due < nextDue)
            {
                nextDue = due;
            }
        }

        if (slots.Count == 0)
        {
            _keys.Remove(key);
        }
        else if (nextDue < state.Timer)
        {
            Schedule(key, state, nextDue);
        }
    }

    private void Emit(TKey key, WindowSlot<TAcc> slot, EmissionKind kind, ICollection<WindowEmission<TKey, TResult>> output)
    {
        output.Add(new WindowEmission<TKey, TResult>(
            key, new TimeWindow(slot.Start, slot.End), Aggregate.GetResult(slot.Accumulator), slot.Revision, kind));
        slot.Emitted = new TimeWindow(slot.Start, slot.End);
        slot.Revision++;
        slot.Changed = false;
        slot.LateUpdate = false;
        slot.RecordsSinceEmission = 0;
    }

    private void MarkDirty(TKey key, KeyWindows<TAcc> state)
    {
        if (!state.Dirty)
        {
            state.Dirty = true;
            _dirty.Add(key);
        }
    }

    private void Schedule(TKey key, KeyWindows<TAcc> state, long due)
    {
        state.Timer = due;
        _timers.Enqueue(key, due);
    }
}

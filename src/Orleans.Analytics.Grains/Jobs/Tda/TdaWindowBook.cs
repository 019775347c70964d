using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Jobs.Tda;

/// <summary>
/// Assigns a stream's events to its windows and says which windows are due. Time windows are the tumbling and
/// sliding windows of <c>Orleans.Analytics.Core</c> (aligned to the epoch), as every other job's;
/// in processing time the clock is the wall clock, in event time it is the watermark (latest event time minus
/// <see cref="TdaWindowOptions.WatermarkDelay"/>), and events for windows already closed are late. A stream holds one
/// session at a time (an event past the gap starts the next), and one count window.
/// </summary>
internal sealed class TdaWindowBook(TdaWindowOptions options)
{
    private readonly long _gap = TimeMath.ToMilliseconds(options.Gap);
    private readonly long _delay = TimeMath.ToMilliseconds(options.WatermarkDelay);
    private readonly IWindowAssigner? _windows = options.Type switch
    {
        TdaWindowType.Tumbling => new TumblingWindows(options.Size),
        TdaWindowType.Sliding => new SlidingWindows(options.Size, options.Slide),
        _ => null,
    };

    public bool EventTime => options.TimeMode == TimeMode.EventTime;

    /// <summary>The clock windows close by: <paramref name="now"/> in processing time, else the watermark.</summary>
    public long Clock(PointCloudGrainState state, long now) =>
        !EventTime ? now
        : state.MaxEventTime == long.MinValue ? long.MinValue
        : TimeMath.SubtractSaturating(state.MaxEventTime, _delay);

    /// <summary>Adds <paramref name="tdaEvent"/> at <paramref name="time"/>; false when it is late. Windows it completes go to <paramref name="closed"/>.</summary>
    public bool Add(PointCloudGrainState state, TdaEvent tdaEvent, long time, List<TdaWindow> closed)
    {
        var watermark = EventTime ? Clock(state, time) : long.MinValue;
        switch (options.Type)
        {
            case TdaWindowType.Count:
                var current = state.Windows.FirstOrDefault();
                if (current is null)
                {
                    current = new TdaWindow { Start = time, End = time, Sequence = state.NextSequence++ };
                    state.Windows.Add(current);
                }

                Join(current, tdaEvent);
                current.End = Math.Max(current.End, time);
                if (current.Points.Count >= options.Count)
                {
                    state.Windows.Remove(current);
                    closed.Add(current);
                }

                return true;

            case TdaWindowType.Session:
                var session = state.Windows.FirstOrDefault();
                if (session is not null && time >= session.End)
                {
                    state.Windows.Remove(session);
                    closed.Add(session);
                    session = null;
                }

                if (time + _gap <= watermark)
                {
                    return false;
                }

                if (session is null)
                {
                    session = new TdaWindow { Start = time, End = time + _gap };
                    state.Windows.Add(session);
                }

                session.Start = Math.Min(session.Start, time);
                session.End = Math.Max(session.End, time + _gap);
                Join(session, tdaEvent);
                return true;

            default:
                Span<TimeWindow> assigned = stackalloc TimeWindow[_windows!.MaxWindowsPerEvent];
                var count = _windows.AssignWindows(time, assigned);
                var joined = false;
                foreach (var window in assigned[..count])
                {
                    if (window.End <= watermark)
                    {
                        continue;
                    }

                    Join(GetOrOpen(state, window), tdaEvent);
                    joined = true;
                }

                return joined;
        }
    }

    /// <summary>Moves the time windows that end at or before <paramref name="clock"/> to <paramref name="closed"/>, earliest first.</summary>
    public void CloseDue(PointCloudGrainState state, long clock, List<TdaWindow> closed) => Close(state, w => w.End <= clock, closed);

    /// <summary>Closes every time window (an idle stream in event time); count windows wait for their points.</summary>
    public void CloseAll(PointCloudGrainState state, List<TdaWindow> closed) => Close(state, _ => true, closed);

    private void Close(PointCloudGrainState state, Func<TdaWindow, bool> due, List<TdaWindow> closed)
    {
        if (options.Type == TdaWindowType.Count)
        {
            return;
        }

        var ready = state.Windows.Where(due).OrderBy(w => w.End).ThenBy(w => w.Start).ToList();
        foreach (var window in ready)
        {
            state.Windows.Remove(window);
            closed.Add(window);
        }
    }

    private static TdaWindow GetOrOpen(PointCloudGrainState state, TimeWindow window)
    {
        foreach (var open in state.Windows)
        {
            if (open.Start == window.Start)
            {
                return open;
            }
        }

        var opened = new TdaWindow { Start = window.Start, End = window.End };
        state.Windows.Add(opened);
        return opened;
    }

    private static void Join(TdaWindow window, TdaEvent tdaEvent)
    {
        window.Points.AddRange(tdaEvent.Points);
        window.EventCount++;
        if (tdaEvent.Algorithm is not null)
        {
            window.Algorithm = tdaEvent.Algorithm;
        }
    }
}

using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Tests.Properties;

/// <summary>
/// A deliberately naive model of fixed windows over a finished stream: it keeps every window's record ids in a
/// list, rescans every window after every record, and knows nothing of timers, slots or accumulators.
/// </summary>
/// <remarks>
/// Contract modelled: after each record the watermark becomes max(time so far) − delay; a window [s, e) closes at
/// watermark ≥ e, is kept until watermark ≥ e + lateness, and a record is too late only when that holds for all
/// its windows. Windows containing t are found by brute force from their definition, not by the assigners.
/// </remarks>
internal sealed class ReferenceWindows(long size, long slide, long offset, long delay, long lateness, long trigger)
{
    private readonly Dictionary<(string Key, long Start), Window> _windows = [];

    public List<Emitted> Emissions { get; } = [];

    public List<EventStatus> Statuses { get; } = [];

    public void Run(IEnumerable<TestEvent> events)
    {
        var watermark = long.MinValue;
        foreach (var e in events)
        {
            var counted = false;
            var late = false;
            foreach (var start in StartsContaining(e.Time))
            {
                var end = start + size;
                if (watermark >= end + lateness)
                {
                    continue;
                }

                if (!_windows.TryGetValue((e.Key, start), out var w))
                {
                    w = new Window(e.Key, start, end);
                    _windows.Add((e.Key, start), w);
                }

                w.Ids.Add(e.Id);
                w.SinceEmission++;
                counted = true;
                if (watermark >= end)
                {
                    late = true;
                    w.LatePending = true;
                }
            }

            Statuses.Add(!counted ? EventStatus.TooLate : late ? EventStatus.LateWithinLateness : EventStatus.Accepted);
            watermark = Math.Max(watermark, e.Time - delay);
            Scan(watermark);
        }

        Scan(long.MaxValue);
    }

    private IEnumerable<long> StartsContaining(long time)
    {
        // Walk window starts from far below the time upwards; slow on purpose, obviously right.
        var start = offset + ((long)Math.Floor((double)(time - size - offset) / slide) * slide);
        for (; start <= time; start += slide)
        {
            if (start <= time && time < start + size)
            {
                yield return start;
            }
        }
    }

    private void Scan(long watermark)
    {
        foreach (var (id, w) in _windows.ToList())
        {
            if (!w.Closed && watermark >= w.End)
            {
                Emit(w, w.LatePending ? EmissionKind.Late : EmissionKind.OnTime);
                w.Closed = true;
            }
            else if (w.Closed && w.LatePending)
            {
                Emit(w, EmissionKind.Late);
            }
            else if (!w.Closed && trigger > 0 && w.SinceEmission >= trigger)
            {
                Emit(w, EmissionKind.Early);
            }

            if (w.Closed && (watermark == long.MaxValue || watermark >= w.End + lateness))
            {
                _windows.Remove(id);
            }
        }
    }

    private void Emit(Window w, EmissionKind kind)
    {
        Emissions.Add(new Emitted(w.Key, w.Start, w.End, w.Emitted, string.Join(',', w.Ids.Order()), kind));
        w.Emitted++;
        w.LatePending = false;
        w.SinceEmission = 0;
    }

    private sealed class Window(string key, long start, long end)
    {
        public string Key { get; } = key;

        public long Start { get; } = start;

        public long End { get; } = end;

        public List<int> Ids { get; } = [];

        public int Emitted { get; set; }

        public long SinceEmission { get; set; }

        public bool Closed { get; set; }

        public bool LatePending { get; set; }
    }
}

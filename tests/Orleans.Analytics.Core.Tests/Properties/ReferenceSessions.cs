using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Tests.Properties;

/// <summary>
/// A naive model of session windows over a finished stream: sessions are lists of record ids with their own
/// first and last times, rescanned after every record. It follows the documented rules of
/// <see cref="SessionWindows"/>: a record reaches a session when [t, t + gap) touches it, merges everything it
/// reaches if the union spans less than the maximum duration, otherwise joins the earliest session it fits in,
/// otherwise starts its own.
/// </summary>
internal sealed class ReferenceSessions(long gap, long maxDuration, long delay, long lateness)
{
    private readonly List<Session> _sessions = [];
    private readonly List<LiveSession> _purged = [];
    private long _watermark = long.MinValue;

    public List<Emitted> Emissions { get; } = [];

    public List<EventStatus> Statuses { get; } = [];

    /// <summary>The watermark after the last record offered: the maximum event time so far minus the delay.</summary>
    public long Watermark => _watermark;

    /// <summary>Every session the records counted so far form, whether still held or already purged (then final).</summary>
    public IEnumerable<LiveSession> Sessions =>
        _purged.Concat(_sessions.Select(s => new LiveSession(s.Key, s.Start, EndOf(s), string.Join(',', s.Ids.Order()))));

    public void Run(IEnumerable<TestEvent> events)
    {
        foreach (var e in events)
        {
            Offer(e);
        }

        Finish();
    }

    /// <summary>Offers one record, then moves the watermark to the maximum event time minus the delay.</summary>
    public void Offer(TestEvent e)
    {
        var watermark = _watermark;
        var t = e.Time;
        var reached = _sessions.Where(s => s.Key == e.Key && t < EndOf(s) && t + Math.Min(gap, maxDuration) > s.Start).ToList();
        Session? target = null;
        if (reached.Count > 0)
        {
            var start = Math.Min(t, reached.Min(s => s.Start));
            var last = Math.Max(t, reached.Max(s => s.Last));
            if (last - start < maxDuration)
            {
                target = reached[0];
                foreach (var other in reached.Skip(1))
                {
                    target.Ids.AddRange(other.Ids);
                    target.Revision = Math.Max(target.Revision, other.Revision);
                    target.Closed |= other.Closed;
                    target.LatePending |= other.LatePending;
                    _sessions.Remove(other);
                }

                target.Start = start;
                target.Last = last;
            }
            else
            {
                target = reached
                    .Where(s => Math.Max(s.Last, t) - Math.Min(s.Start, t) < maxDuration)
                    .OrderBy(s => s.Start)
                    .FirstOrDefault();
                if (target is not null)
                {
                    target.Start = Math.Min(target.Start, t);
                    target.Last = Math.Max(target.Last, t);
                }
            }
        }

        if (target is null)
        {
            var end = t + Math.Min(gap, maxDuration);
            if (watermark >= end + lateness)
            {
                Statuses.Add(EventStatus.TooLate);
                _watermark = Math.Max(watermark, t - delay);
                Scan(_watermark);
                return;
            }

            target = new Session(e.Key) { Start = t, Last = t };
            _sessions.Add(target);
        }

        target.Ids.Add(e.Id);
        target.Closed &= watermark >= EndOf(target);
        if (watermark >= EndOf(target))
        {
            target.LatePending = true;
        }

        Statuses.Add(watermark >= EndOf(target) ? EventStatus.LateWithinLateness : EventStatus.Accepted);
        _watermark = Math.Max(watermark, t - delay);
        Scan(_watermark);
    }

    /// <summary>Flushes: the watermark goes to the end of time.</summary>
    public void Finish()
    {
        _watermark = long.MaxValue;
        Scan(long.MaxValue);
    }

    private void Scan(long watermark)
    {
        foreach (var s in _sessions.ToList())
        {
            if (!s.Closed && watermark >= EndOf(s))
            {
                Emit(s, s.LatePending ? EmissionKind.Late : EmissionKind.OnTime);
                s.Closed = true;
            }
            else if (s.Closed && s.LatePending)
            {
                Emit(s, EmissionKind.Late);
            }

            if (s.Closed && (watermark == long.MaxValue || watermark >= EndOf(s) + lateness))
            {
                _sessions.Remove(s);
                _purged.Add(new LiveSession(s.Key, s.Start, EndOf(s), string.Join(',', s.Ids.Order())));
            }
        }
    }

    private long EndOf(Session s) => Math.Min(s.Last + gap, maxDuration == long.MaxValue ? long.MaxValue : s.Start + maxDuration);

    private void Emit(Session s, EmissionKind kind)
    {
        Emissions.Add(new Emitted(s.Key, s.Start, EndOf(s), s.Revision, string.Join(',', s.Ids.Order()), kind));
        s.Revision++;
        s.LatePending = false;
    }

    private sealed class Session(string key)
    {
        public string Key { get; } = key;

        public long Start { get; set; }

        public long Last { get; set; }

        public List<int> Ids { get; } = [];

        public int Revision { get; set; }

        public bool Closed { get; set; }

        public bool LatePending { get; set; }
    }
}

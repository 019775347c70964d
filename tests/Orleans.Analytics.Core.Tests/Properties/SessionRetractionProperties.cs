using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Tests.Properties;

/// <summary>
/// The session operator's emissions replayed into a <see cref="ResultTable"/> (a compacted topic) against the
/// sessions a model forms from the records counted so far, after every watermark advance and at the end.
/// </summary>
public sealed class SessionRetractionProperties
{
    private const int Iterations = 600;

    [Fact]
    public void Latest_record_per_key_is_the_live_sessions_at_every_watermark_advance()
    {
        var tombstones = 0;
        for (var seed = 0; seed < Iterations; seed++)
        {
            var random = new Random(seed);
            var gap = random.NextInt64(1, 40);
            long maxDuration = random.Next(3) == 0 ? long.MaxValue : random.NextInt64(1, 150);
            var delay = random.NextInt64(0, 30);
            var lateness = random.NextInt64(1, 80);
            CountTrigger? trigger = random.Next(4) == 0 ? new CountTrigger(random.NextInt64(1, 4)) : null;

            // Disorder up to 80 ms against a delay below 30 ms: many records arrive late, some too late. One time per
            // key: a record at exactly the start of a purged session can join a held one and take that start, and so
            // the purged session's key, which no table keyed by start can show (a limit of keying by the start).
            var events = StreamGenerator.Generate(random, random.Next(0, 200), random.Next(1, 4), random.NextInt64(0, 12), random.NextInt64(0, 80))
                .DistinctBy(e => (e.Key, e.Time))
                .ToList();
            var sessions = new SessionWindows(
                TimeSpan.FromMilliseconds(gap), maxDuration == long.MaxValue ? null : TimeSpan.FromMilliseconds(maxDuration));
            var context = $"seed {seed}: gap {gap}, max {maxDuration}, delay {delay}, lateness {lateness}, trigger {trigger?.Count}";

            var model = new ReferenceSessions(gap, maxDuration, delay, lateness);
            var table = Replay(sessions, lateness, trigger, delay, events, context, (e, t) =>
            {
                model.Offer(e);
                t.ShouldHoldLiveSessions(model.Sessions, model.Watermark, $"{context}, after record {e.Id}");
            });

            model.Finish();
            table.ShouldHoldLiveSessions(model.Sessions, long.MaxValue, $"{context}, at the end");
            tombstones += table.Tombstones;
        }

        // The generator must supersede emitted sessions often, or agreement proves little.
        tombstones.ShouldBeGreaterThan(1_000);
    }

    [Fact]
    public void Without_purging_or_a_maximum_duration_the_latest_record_per_key_is_the_gap_components_of_the_records()
    {
        var tombstones = 0;
        for (var seed = 0; seed < Iterations; seed++)
        {
            var random = new Random(seed);
            var gap = random.NextInt64(1, 40);
            var delay = random.NextInt64(0, 30);
            CountTrigger? trigger = random.Next(4) == 0 ? new CountTrigger(random.NextInt64(1, 4)) : null;
            var events = StreamGenerator.Generate(random, random.Next(0, 200), random.Next(1, 4), random.NextInt64(0, 12), random.NextInt64(0, 80));

            // Lateness longer than the stream's span: nothing is purged before the end, so every record counts and a
            // session is simply a run of a key's records, in time order, less than a gap apart.
            var lateness = events.Count == 0 ? 1 : events.Max(e => e.Time) - events.Min(e => e.Time) + gap + 1;
            var context = $"seed {seed}: gap {gap}, delay {delay}, lateness {lateness}, trigger {trigger?.Count}";
            var seen = new List<TestEvent>();
            var maxSeen = long.MinValue;
            var table = Replay(new SessionWindows(TimeSpan.FromMilliseconds(gap)), lateness, trigger, delay, events, context, (e, t) =>
            {
                seen.Add(e);
                maxSeen = Math.Max(maxSeen, e.Time);
                t.ShouldHoldLiveSessions(GapComponents(seen, gap), maxSeen - delay, $"{context}, after record {e.Id}");
            });

            table.ShouldHoldLiveSessions(GapComponents(events, gap), long.MaxValue, $"{context}, at the end");
            tombstones += table.Tombstones;
        }

        tombstones.ShouldBeGreaterThan(1_000);
    }

    /// <summary>
    /// Drives an operator as a key grain does (each record, then the watermark to the maximum event time minus the
    /// delay) and applies its emissions to a table; <paramref name="afterAdvance"/> checks it after every advance.
    /// </summary>
    private static ResultTable Replay(
        SessionWindows sessions, long lateness, CountTrigger? trigger, long delay, IReadOnlyList<TestEvent> events, string context,
        Action<TestEvent, ResultTable> afterAdvance)
    {
        var op = new KeyedSessionOperator<string, int, List<int>, string>(
            sessions,
            CollectingAggregate.Instance,
            new WindowOperatorOptions { AllowedLateness = TimeSpan.FromMilliseconds(lateness), CountTrigger = trigger, InitialKeyCapacity = 4 });
        var table = new ResultTable();
        var output = new List<WindowEmission<string, string>>();
        var maxSeen = long.MinValue;
        foreach (var e in events)
        {
            op.OnEvent(e.Key, e.Time, e.Id);
            maxSeen = Math.Max(maxSeen, e.Time);
            output.Clear();
            op.AdvanceWatermark(maxSeen - delay, output);
            table.Apply(output, $"{context}, after record {e.Id}");
            afterAdvance(e, table);
        }

        output.Clear();
        op.AdvanceWatermark(long.MaxValue, output);
        table.Apply(output, $"{context}, at the end");
        return table;
    }

    /// <summary>Sessions by definition when no record is dropped: sort each key's records and cut where they are a gap or more apart.</summary>
    private static List<LiveSession> GapComponents(IEnumerable<TestEvent> events, long gap)
    {
        var sessions = new List<LiveSession>();
        foreach (var byKey in events.GroupBy(e => e.Key))
        {
            var sorted = byKey.OrderBy(e => e.Time).ToList();
            var current = new List<TestEvent>();
            foreach (var e in sorted)
            {
                if (current.Count > 0 && e.Time - current[^1].Time >= gap)
                {
                    sessions.Add(Session(current));
                    current = [];
                }

                current.Add(e);
            }

            sessions.Add(Session(current));
        }

        return sessions;

        LiveSession Session(List<TestEvent> s) =>
            new(s[0].Key, s[0].Time, s[^1].Time + gap, string.Join(',', s.Select(e => e.Id).Order()));
    }
}

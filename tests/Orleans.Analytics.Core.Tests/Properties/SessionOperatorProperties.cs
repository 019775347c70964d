using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Tests.Properties;

/// <summary>The session operator against the naive model and against order-free definitions.</summary>
public sealed class SessionOperatorProperties
{
    private const int Iterations = 600;

    private static (List<Emitted> Emissions, List<EventStatus> Statuses) RunOperator(
        SessionWindows sessions, IReadOnlyList<TestEvent> events, long delay, long lateness)
    {
        var op = new KeyedSessionOperator<string, int, List<int>, string>(
            sessions,
            CollectingAggregate.Instance,
            new WindowOperatorOptions { AllowedLateness = TimeSpan.FromMilliseconds(lateness), InitialKeyCapacity = 4 });
        var output = new List<WindowEmission<string, string>>();
        var statuses = new List<EventStatus>();
        var maxSeen = long.MinValue;
        foreach (var e in events)
        {
            statuses.Add(op.OnEvent(e.Key, e.Time, e.Id).Status);
            maxSeen = Math.Max(maxSeen, e.Time);
            op.AdvanceWatermark(maxSeen - delay, output);
        }

        op.AdvanceWatermark(long.MaxValue, output);
        op.WindowCount.ShouldBe(0);
        return (output.Select(Emitted.From).ToList(), statuses);
    }

    /// <summary>Sessions by definition: sort each key's events and cut where events are a gap or more apart or the span would reach the maximum.</summary>
    private static IEnumerable<Emitted> GreedySessions(IEnumerable<TestEvent> events, long gap, long maxDuration)
    {
        foreach (var byKey in events.GroupBy(e => e.Key))
        {
            var sorted = byKey.OrderBy(e => e.Time).ToList();
            var current = new List<TestEvent> { sorted[0] };
            foreach (var e in sorted.Skip(1))
            {
                if (e.Time - current[^1].Time >= gap || e.Time - current[0].Time >= maxDuration)
                {
                    yield return Session(current);
                    current = [];
                }

                current.Add(e);
            }

            yield return Session(current);
        }

        Emitted Session(List<TestEvent> s)
        {
            var start = s[0].Time;
            var end = Math.Min(s[^1].Time + gap, maxDuration == long.MaxValue ? long.MaxValue : start + maxDuration);
            return new Emitted(s[0].Key, start, end, 0, string.Join(',', s.Select(e => e.Id).Order()), EmissionKind.OnTime);
        }
    }

    [Fact]
    public void Operator_matches_the_reference_model_for_random_streams_disorder_and_gaps()
    {
        var statusSeen = new Dictionary<EventStatus, int>();
        var kindSeen = new Dictionary<EmissionKind, int>();
        for (var seed = 0; seed < Iterations; seed++)
        {
            var random = new Random(seed);
            var gap = random.NextInt64(1, 40);
            long maxDuration = random.Next(3) == 0 ? long.MaxValue : random.NextInt64(1, 150);
            var delay = random.NextInt64(0, 30);
            var lateness = random.Next(3) == 0 ? 0 : random.NextInt64(0, 60);
            var events = StreamGenerator.Generate(random, random.Next(0, 200), random.Next(1, 4), random.NextInt64(0, 12), random.NextInt64(0, 80));
            var sessions = new SessionWindows(
                TimeSpan.FromMilliseconds(gap), maxDuration == long.MaxValue ? null : TimeSpan.FromMilliseconds(maxDuration));

            var reference = new ReferenceSessions(gap, maxDuration, delay, lateness);
            reference.Run(events);
            var (emissions, statuses) = RunOperator(sessions, events, delay, lateness);

            var context = $"seed {seed}: gap {gap}, max {maxDuration}, delay {delay}, lateness {lateness}";
            statuses.ShouldBe(reference.Statuses, context);

            // The model knows no retractions; SessionRetractionProperties checks them against the sessions it forms.
            Emitted.Sorted(emissions.Where(e => e.Kind != EmissionKind.Retraction)).ShouldBe(Emitted.Sorted(reference.Emissions), context);
            WindowOperatorProperties.Tally(statusSeen, statuses);
            WindowOperatorProperties.Tally(kindSeen, emissions.Select(e => e.Kind));
        }

        Enum.GetValues<EventStatus>().ShouldAllBe(s => statusSeen.GetValueOrDefault(s) > 100);
        kindSeen.GetValueOrDefault(EmissionKind.Late).ShouldBeGreaterThan(100);
        kindSeen.GetValueOrDefault(EmissionKind.OnTime).ShouldBeGreaterThan(100);
    }

    [Fact]
    public void With_disorder_inside_the_delay_sessions_are_the_gap_split_of_sorted_events()
    {
        for (var seed = 0; seed < Iterations; seed++)
        {
            var random = new Random(seed);
            var gap = random.NextInt64(1, 40);
            var events = StreamGenerator.Generate(random, random.Next(1, 200), random.Next(1, 4), random.NextInt64(0, 15), random.NextInt64(0, 60));
            var delay = StreamGenerator.MaxDisorder(events);

            var (emissions, statuses) = RunOperator(new SessionWindows(TimeSpan.FromMilliseconds(gap)), events, delay, 0);

            statuses.ShouldAllBe(s => s == EventStatus.Accepted, $"seed {seed}");
            Emitted.Sorted(emissions).ShouldBe(Emitted.Sorted(GreedySessions(events, gap, long.MaxValue)), $"seed {seed}");
        }
    }

    [Fact]
    public void In_order_sessions_are_cut_at_the_maximum_duration()
    {
        for (var seed = 0; seed < Iterations; seed++)
        {
            var random = new Random(seed);
            var gap = random.NextInt64(1, 40);
            var maxDuration = random.NextInt64(1, 120);
            var events = StreamGenerator.Generate(random, random.Next(1, 200), random.Next(1, 4), random.NextInt64(0, 15), 0);

            var (emissions, _) = RunOperator(
                new SessionWindows(TimeSpan.FromMilliseconds(gap), TimeSpan.FromMilliseconds(maxDuration)), events, 0, 0);

            Emitted.Sorted(emissions).ShouldBe(Emitted.Sorted(GreedySessions(events, gap, maxDuration)), $"seed {seed}");
        }
    }
}

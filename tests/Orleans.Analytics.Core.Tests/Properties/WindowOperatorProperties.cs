using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Tests.Properties;

/// <summary>The fixed-window operator against the naive model, over random streams and parameters.</summary>
public sealed class WindowOperatorProperties
{
    private const int Iterations = 600;

    private static (List<Emitted> Emissions, List<EventStatus> Statuses) RunOperator(
        IWindowAssigner assigner, IReadOnlyList<TestEvent> events, long delay, long lateness, long trigger)
    {
        var op = new KeyedWindowOperator<string, int, List<int>, string>(
            assigner,
            CollectingAggregate.Instance,
            new WindowOperatorOptions
            {
                AllowedLateness = TimeSpan.FromMilliseconds(lateness),
                CountTrigger = trigger > 0 ? new CountTrigger(trigger) : null,
                InitialKeyCapacity = 4,
            });
        var output = new List<WindowEmission<string, string>>();
        var statuses = new List<EventStatus>();
        var maxSeen = long.MinValue;
        foreach (var e in events)
        {
            var outcome = op.OnEvent(e.Key, e.Time, e.Id);
            (outcome.Reason is not null).ShouldBe(outcome.Status == EventStatus.TooLate);
            statuses.Add(outcome.Status);
            maxSeen = Math.Max(maxSeen, e.Time);
            op.AdvanceWatermark(maxSeen - delay, output);
        }

        op.AdvanceWatermark(long.MaxValue, output);
        op.WindowCount.ShouldBe(0);
        return (output.Select(Emitted.From).ToList(), statuses);
    }

    [Fact]
    public void Operator_matches_the_reference_model_for_random_streams_disorder_and_windows()
    {
        var statusSeen = new Dictionary<EventStatus, int>();
        var kindSeen = new Dictionary<EmissionKind, int>();
        for (var seed = 0; seed < Iterations; seed++)
        {
            var random = new Random(seed);
            var sliding = random.Next(2) == 0;
            var slide = random.NextInt64(1, 40);
            var size = sliding ? slide * random.NextInt64(1, 6) : slide;
            var offset = random.NextInt64(0, slide);
            var delay = random.NextInt64(0, 30);
            var lateness = random.Next(3) == 0 ? 0 : random.NextInt64(0, 60);
            var trigger = random.Next(4) == 0 ? random.NextInt64(1, 5) : 0;
            var events = StreamGenerator.Generate(random, random.Next(0, 250), random.Next(1, 5), random.NextInt64(0, 6), random.NextInt64(0, 80));
            IWindowAssigner assigner = sliding
                ? new SlidingWindows(TimeSpan.FromMilliseconds(size), TimeSpan.FromMilliseconds(slide), TimeSpan.FromMilliseconds(offset))
                : new TumblingWindows(TimeSpan.FromMilliseconds(size), TimeSpan.FromMilliseconds(offset));

            var reference = new ReferenceWindows(size, slide, offset, delay, lateness, trigger);
            reference.Run(events);
            var (emissions, statuses) = RunOperator(assigner, events, delay, lateness, trigger);

            var context = $"seed {seed}: size {size}, slide {slide}, offset {offset}, delay {delay}, lateness {lateness}, trigger {trigger}";
            statuses.ShouldBe(reference.Statuses, context);
            Emitted.Sorted(emissions).ShouldBe(Emitted.Sorted(reference.Emissions), context);
            Tally(statusSeen, statuses);
            Tally(kindSeen, emissions.Select(e => e.Kind));
        }

        // The generator must reach every case, or agreement with the model proves little.
        Enum.GetValues<EventStatus>().ShouldAllBe(s => statusSeen.GetValueOrDefault(s) > 100);
        Enum.GetValues<EmissionKind>().Where(k => k != EmissionKind.Retraction).ShouldAllBe(k => kindSeen.GetValueOrDefault(k) > 100);

        // Fixed windows never change bounds, so nothing they emitted is ever superseded.
        kindSeen.GetValueOrDefault(EmissionKind.Retraction).ShouldBe(0);
    }

    internal static void Tally<T>(Dictionary<T, int> counts, IEnumerable<T> items)
        where T : notnull
    {
        foreach (var item in items)
        {
            counts[item] = counts.GetValueOrDefault(item) + 1;
        }
    }

    [Fact]
    public void With_disorder_inside_the_delay_every_window_is_emitted_once_with_all_its_events()
    {
        for (var seed = 0; seed < Iterations; seed++)
        {
            var random = new Random(seed);
            var size = random.NextInt64(1, 50);
            var events = StreamGenerator.Generate(random, random.Next(1, 300), random.Next(1, 4), random.NextInt64(1, 4), random.NextInt64(0, 40));
            var delay = StreamGenerator.MaxDisorder(events);

            var (emissions, statuses) = RunOperator(new TumblingWindows(TimeSpan.FromMilliseconds(size)), events, delay, 0, 0);

            // Independent of any model: group by floor(time / size).
            var expected = events
                .GroupBy(e => (e.Key, Start: (long)Math.Floor((double)e.Time / size) * size))
                .Select(g => new Emitted(g.Key.Key, g.Key.Start, g.Key.Start + size, 0, string.Join(',', g.Select(e => e.Id).Order()), EmissionKind.OnTime));
            statuses.ShouldAllBe(s => s == EventStatus.Accepted, $"seed {seed}");
            Emitted.Sorted(emissions).ShouldBe(Emitted.Sorted(expected), $"seed {seed}");
        }
    }
}

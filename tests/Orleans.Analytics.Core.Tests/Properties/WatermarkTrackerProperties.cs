using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Core.Watermarks;

namespace Orleans.Analytics.Core.Tests.Properties;

/// <summary>The tracker against a from-scratch recomputation over the full history, for random arrivals and clocks.</summary>
public sealed class WatermarkTrackerProperties
{
    [Fact]
    public void Watermark_is_the_minimum_over_active_partitions_or_the_clock_driven_value_and_never_decreases()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var delay = random.NextInt64(0, 20_000);
            var idle = random.NextInt64(1, 10_000);
            var clock = new ManualTimeProvider(Ms.T0);
            var tracker = new WatermarkTracker(
                new WindowingOptions { WatermarkDelay = TimeSpan.FromMilliseconds(delay), IdleTimeout = TimeSpan.FromMilliseconds(idle) },
                clock);
            var history = new List<(int Partition, long EventTime, long WallClock)>();
            var registered = new Dictionary<int, long>();
            var previous = long.MinValue;
            var eventTime = Ms.T0;

            for (var step = 0; step < 200; step++)
            {
                if (random.Next(3) == 0)
                {
                    clock.Advance(TimeSpan.FromMilliseconds(random.Next(0, 4_000)));
                }
                else
                {
                    var partition = random.Next(4);
                    eventTime += random.Next(0, 1_500);
                    var time = eventTime - random.Next(0, 3_000);
                    registered.TryAdd(partition, clock.NowMilliseconds);
                    tracker.Observe(partition, time);
                    history.Add((partition, time, clock.NowMilliseconds));
                }

                var now = clock.NowMilliseconds;
                var expected = long.MaxValue;
                var anyActive = false;
                foreach (var (partition, since) in registered)
                {
                    var mine = history.Where(h => h.Partition == partition).ToList();
                    var lastActivity = mine.Count == 0 ? since : mine.Max(h => h.WallClock);
                    if (now - lastActivity < idle)
                    {
                        anyActive = true;
                        expected = Math.Min(expected, mine.Count == 0 ? long.MinValue : mine.Max(h => h.EventTime) - delay);
                    }
                }

                if (!anyActive)
                {
                    expected = history.Count == 0
                        ? long.MinValue
                        : history.Max(h => h.EventTime) - delay + (now - history.Max(h => h.WallClock));
                }

                var actual = tracker.GetWatermark();
                actual.ShouldBe(Math.Max(previous, expected), $"seed {seed}, step {step}");
                previous = actual;
            }
        }
    }
}

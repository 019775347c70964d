using Orleans.Analytics.Pipeline;

namespace Orleans.Analytics.Grains.Tests;

public sealed class SampleRingTests
{
    [Fact]
    public void Rates_are_over_the_samples_held_and_the_ring_keeps_only_its_capacity()
    {
        var ring = new SampleRing(capacity: 31, counters: 2);
        // 100 reports two seconds apart: the counter grows by 10 a second for the first 70, then by 50.
        long total = 0;
        for (var i = 0; i < 100; i++)
        {
            total += i < 70 ? 20 : 100;
            ring.Add(i * 2_000L, total, 1_000 - i);
        }

        ring.Count.ShouldBe(31, "bounded memory: the oldest samples are gone");
        ring.Values(0).Length.ShouldBe(31);
        ring.Values(0)[^1].ShouldBe(total);
        // The last minute: samples 69..99, all but the first interval at 50 a second.
        ring.RatePerSecond(0).ShouldBe((total - ring.Values(0)[0]) / 60.0);
        ring.Rates(0).Length.ShouldBe(30);
        ring.Rates(0).ShouldAllBe(r => r == 50);
        ring.RatePerSecond(1).ShouldBe(-0.5, "a falling counter has a negative trend");
    }

    [Fact]
    public void With_fewer_than_two_samples_there_is_no_rate_and_clear_starts_afresh()
    {
        var ring = new SampleRing(capacity: 4, counters: 1);
        ring.RatePerSecond(0).ShouldBe(0);
        ring.Last(0).ShouldBeNull();
        ring.Add(0, 5);
        ring.RatePerSecond(0).ShouldBe(0);
        ring.Rates(0).ShouldBeEmpty();
        ring.Add(1_000, 15);
        ring.RatePerSecond(0).ShouldBe(10);

        ring.Clear();
        ring.Count.ShouldBe(0);
        ring.Add(2_000, 3);
        ring.Last(0).ShouldBe(3);
        ring.RatePerSecond(0).ShouldBe(0);
    }
}

using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Tests;

public sealed class WindowOperatorTests
{
    private static KeyedWindowOperator<string, int, List<int>, string> Minutes(TimeSpan? lateness = null, CountTrigger? trigger = null) =>
        new(new TumblingWindows(TimeSpan.FromMinutes(1)),
            CollectingAggregate.Instance,
            new WindowOperatorOptions { AllowedLateness = lateness ?? TimeSpan.Zero, CountTrigger = trigger });

    [Fact]
    public void Window_closes_when_watermark_reaches_its_end()
    {
        var op = Minutes();
        op.OnEvent("a", Ms.At(10), 1).ShouldBe(EventOutcome.Accepted);

        op.Advance(Ms.At(59.999)).ShouldBeEmpty();
        var emitted = op.Advance(Ms.At(60)).ShouldHaveSingleItem();

        emitted.Key.ShouldBe("a");
        emitted.Window.ShouldBe(new TimeWindow(Ms.T0, Ms.At(60)));
        emitted.Result.ShouldBe("1");
        emitted.Revision.ShouldBe(0);
        emitted.Kind.ShouldBe(EmissionKind.OnTime);
        op.WindowCount.ShouldBe(0);
        op.KeyCount.ShouldBe(0);
    }

    [Fact]
    public void Event_exactly_at_window_end_is_counted_in_the_next_window()
    {
        var op = Minutes();
        op.OnEvent("a", Ms.At(0), 1);
        op.OnEvent("a", Ms.At(60), 2);

        var emitted = op.Advance(Ms.At(120));

        emitted.Select(e => (e.Window.Start, e.Result)).ShouldBe([(Ms.At(0), "1"), (Ms.At(60), "2")]);
    }

    [Fact]
    public void Out_of_order_events_within_the_delay_are_all_counted()
    {
        var op = Minutes();
        var delay = Ms.Seconds(10);
        long maxSeen = long.MinValue;
        var arrivals = new[] { (Ms.At(50), 1), (Ms.At(58), 2), (Ms.At(51), 3), (Ms.At(65), 4), (Ms.At(59.5), 5), (Ms.At(69), 6), (Ms.At(56), 7) };
        var emitted = new List<WindowEmission<string, string>>();
        foreach (var (time, id) in arrivals)
        {
            op.OnEvent("a", time, id).Status.ShouldBe(EventStatus.Accepted);
            maxSeen = Math.Max(maxSeen, time);
            op.AdvanceWatermark(maxSeen - delay, emitted);
        }

        emitted.ShouldBeEmpty();
        op.AdvanceWatermark(Ms.At(70), emitted);
        emitted.ShouldHaveSingleItem().Result.ShouldBe("1,2,3,5,7");
    }

    [Fact]
    public void Late_event_without_allowed_lateness_is_too_late_with_a_reason()
    {
        var op = Minutes();
        op.OnEvent("a", Ms.At(10), 1);
        op.Advance(Ms.At(72)).Count.ShouldBe(1);

        var outcome = op.OnEvent("a", Ms.At(30), 2);

        outcome.Status.ShouldBe(EventStatus.TooLate);
        outcome.IsCounted.ShouldBeFalse();
        outcome.Reason.ShouldBe(
            "event_time 2024-05-01T12:00:30.000Z is 42s behind watermark 2024-05-01T12:01:12.000Z, beyond allowed lateness 0s: "
            + "window [2024-05-01T12:00:00.000Z, 2024-05-01T12:01:00.000Z) is closed");
        op.Advance(Ms.At(72)).ShouldBeEmpty();
    }

    [Fact]
    public void Late_event_within_allowed_lateness_re_emits_the_window_with_the_next_revision()
    {
        var op = Minutes(lateness: TimeSpan.FromSeconds(30));
        op.OnEvent("a", Ms.At(10), 1);
        op.Advance(Ms.At(60)).ShouldHaveSingleItem().Revision.ShouldBe(0);

        op.OnEvent("a", Ms.At(20), 2).ShouldBe(EventOutcome.LateWithinLateness);
        op.OnEvent("a", Ms.At(25), 3).ShouldBe(EventOutcome.LateWithinLateness);
        var reEmitted = op.Advance(Ms.At(61)).ShouldHaveSingleItem();

        reEmitted.Window.ShouldBe(new TimeWindow(Ms.T0, Ms.At(60)));
        reEmitted.Result.ShouldBe("1,2,3");
        reEmitted.Revision.ShouldBe(1);
        reEmitted.Kind.ShouldBe(EmissionKind.Late);
        ResultKeys.For(reEmitted.Key, reEmitted.Window).ShouldBe("a|2024-05-01T12:00:00.000Z");
    }

    [Fact]
    public void Event_later_than_the_allowed_lateness_is_too_late_and_the_window_is_purged()
    {
        var op = Minutes(lateness: TimeSpan.FromSeconds(30));
        op.OnEvent("a", Ms.At(10), 1);
        op.Advance(Ms.At(60)).Count.ShouldBe(1);
        op.WindowCount.ShouldBe(1);

        op.Advance(Ms.At(90)).ShouldBeEmpty();
        op.WindowCount.ShouldBe(0);

        var outcome = op.OnEvent("a", Ms.At(20), 2);
        outcome.Status.ShouldBe(EventStatus.TooLate);
        outcome.Reason.ShouldNotBeNull().ShouldContain("beyond allowed lateness 30s");
    }

    [Fact]
    public void Late_event_for_a_window_never_seen_emits_revision_zero_within_lateness()
    {
        var op = Minutes(lateness: TimeSpan.FromMinutes(2));
        op.Advance(Ms.At(100));

        op.OnEvent("b", Ms.At(5), 1).ShouldBe(EventOutcome.LateWithinLateness);
        var emitted = op.Advance(Ms.At(100)).ShouldHaveSingleItem();

        emitted.Revision.ShouldBe(0);
        emitted.Kind.ShouldBe(EmissionKind.Late);
    }

    [Fact]
    public void Watermark_never_moves_backwards()
    {
        var op = Minutes();
        op.Advance(Ms.At(60));

        op.Advance(Ms.At(10));

        op.CurrentWatermark.ShouldBe(Ms.At(60));
        op.OnEvent("a", Ms.At(30), 1).Status.ShouldBe(EventStatus.TooLate);
    }

    [Fact]
    public void Keys_are_windowed_independently()
    {
        var op = Minutes();
        op.OnEvent("a", Ms.At(1), 1);
        op.OnEvent("b", Ms.At(2), 2);
        op.OnEvent("a", Ms.At(61), 3);

        var emitted = op.Advance(Ms.At(60));

        emitted.Select(e => (e.Key, e.Result)).OrderBy(p => p.Key).ShouldBe([("a", "1"), ("b", "2")]);
        op.KeyCount.ShouldBe(1);
    }

    [Fact]
    public void Sliding_windows_emit_each_covering_window()
    {
        var op = new KeyedWindowOperator<string, int, List<int>, string>(
            new SlidingWindows(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1)), CollectingAggregate.Instance);
        op.OnEvent("a", Ms.At(30), 1);
        op.OnEvent("a", Ms.At(90), 2);

        var emitted = op.Advance(long.MaxValue);

        emitted.Select(e => (e.Window.Start, e.Result)).ShouldBe(
            [(Ms.At(-60), "1"), (Ms.At(0), "1,2"), (Ms.At(60), "2")]);
    }

    [Fact]
    public void Count_trigger_fires_early_and_the_watermark_still_closes_the_window()
    {
        var op = Minutes(trigger: new CountTrigger(2));
        op.OnEvent("a", Ms.At(1), 1);
        op.OnEvent("a", Ms.At(2), 2);
        op.OnEvent("a", Ms.At(3), 3);

        var early = op.Advance(Ms.At(5)).ShouldHaveSingleItem();
        early.Kind.ShouldBe(EmissionKind.Early);
        early.Result.ShouldBe("1,2,3");
        early.Revision.ShouldBe(0);

        var onTime = op.Advance(Ms.At(60)).ShouldHaveSingleItem();
        onTime.Kind.ShouldBe(EmissionKind.OnTime);
        onTime.Revision.ShouldBe(1);
    }

    [Fact]
    public void Flushing_with_the_maximum_watermark_closes_every_window_without_overflow()
    {
        var op = Minutes(lateness: TimeSpan.FromHours(1));
        op.OnEvent("a", Ms.At(1), 1);
        op.OnEvent("b", Ms.At(3600), 2);

        op.Advance(long.MaxValue).Count.ShouldBe(2);

        op.WindowCount.ShouldBe(0);
    }

    [Fact]
    public void Restored_operator_continues_where_the_snapshot_left_off()
    {
        var op = Minutes(lateness: TimeSpan.FromSeconds(30));
        op.OnEvent("a", Ms.At(1), 1);
        op.Advance(Ms.At(60)).Count.ShouldBe(1);
        op.OnEvent("a", Ms.At(2), 2);
        op.OnEvent("b", Ms.At(70), 3);
        var snapshot = op.Snapshot();

        var restored = Minutes(lateness: TimeSpan.FromSeconds(30));
        restored.Restore(snapshot);
        var emitted = restored.Advance(Ms.At(120));

        restored.CurrentWatermark.ShouldBe(Ms.At(120));
        emitted.Select(e => (e.Key, e.Result, e.Revision)).OrderBy(e => e.Key).ShouldBe([("a", "1,2", 1), ("b", "3", 0)]);
    }
}

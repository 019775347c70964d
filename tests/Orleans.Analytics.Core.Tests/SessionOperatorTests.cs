using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Tests;

public sealed class SessionOperatorTests
{
    private static KeyedSessionOperator<string, int, List<int>, string> Sessions(
        TimeSpan? maxDuration = null, TimeSpan? lateness = null) =>
        new(new SessionWindows(TimeSpan.FromMinutes(30), maxDuration),
            CollectingAggregate.Instance,
            new WindowOperatorOptions { AllowedLateness = lateness ?? TimeSpan.Zero });

    private static long Min(double minutes) => Ms.At(minutes * 60);

    [Fact]
    public void Session_ends_a_gap_after_its_last_event()
    {
        var op = Sessions();
        op.OnEvent("u", Min(0), 1);
        op.OnEvent("u", Min(20), 2);

        op.Advance(Min(50) - 1).ShouldBeEmpty();
        var session = op.Advance(Min(50)).ShouldHaveSingleItem();

        session.Window.ShouldBe(new TimeWindow(Min(0), Min(50)));
        session.Result.ShouldBe("1,2");
    }

    [Fact]
    public void Events_less_than_a_gap_apart_share_a_session()
    {
        var op = Sessions();
        op.OnEvent("u", Min(0), 1);
        op.OnEvent("u", Min(30) - 1, 2);

        op.Advance(long.MaxValue).ShouldHaveSingleItem().Window.ShouldBe(new TimeWindow(Min(0), Min(60) - 1));
    }

    [Fact]
    public void Event_exactly_at_a_session_end_starts_a_new_session()
    {
        var op = Sessions();
        op.OnEvent("u", Min(0), 1);
        op.OnEvent("u", Min(30), 2);

        var sessions = op.Advance(long.MaxValue);

        sessions.Select(s => (s.Window, s.Result)).ShouldBe(
            [(new TimeWindow(Min(0), Min(30)), "1"), (new TimeWindow(Min(30), Min(60)), "2")]);
    }

    [Fact]
    public void Event_before_a_session_start_by_less_than_the_gap_joins_it()
    {
        var op = Sessions();
        op.OnEvent("u", Min(40), 1);
        op.OnEvent("u", Min(10) + 1, 2);

        op.Advance(long.MaxValue).ShouldHaveSingleItem().Window.ShouldBe(new TimeWindow(Min(10) + 1, Min(70)));
    }

    [Fact]
    public void Bridging_event_merges_two_sessions()
    {
        var op = Sessions();
        op.OnEvent("u", Min(0), 1);
        op.OnEvent("u", Min(50), 2);
        op.WindowCount.ShouldBe(2);

        op.OnEvent("u", Min(25), 3).ShouldBe(EventOutcome.Accepted);

        op.WindowCount.ShouldBe(1);
        var merged = op.Advance(long.MaxValue).ShouldHaveSingleItem();
        merged.Window.ShouldBe(new TimeWindow(Min(0), Min(80)));
        merged.Result.ShouldBe("1,2,3");
    }

    [Fact]
    public void Session_is_cut_at_maximum_duration_and_the_next_event_starts_a_new_one()
    {
        var op = Sessions(maxDuration: TimeSpan.FromHours(1));
        for (var minute = 0; minute <= 80; minute += 10)
        {
            op.OnEvent("u", Min(minute), minute);
        }

        var sessions = op.Advance(long.MaxValue);

        sessions.Select(s => (s.Window, s.Result)).ShouldBe(
        [
            (new TimeWindow(Min(0), Min(60)), "0,10,20,30,40,50"),
            (new TimeWindow(Min(60), Min(110)), "60,70,80"),
        ]);
    }

    [Fact]
    public void Bridging_event_does_not_merge_sessions_beyond_the_maximum_duration()
    {
        var op = Sessions(maxDuration: TimeSpan.FromMinutes(90));
        op.OnEvent("u", Min(0), 1);
        op.OnEvent("u", Min(50), 2);
        op.OnEvent("u", Min(100), 3);

        op.OnEvent("u", Min(75), 4);

        op.Advance(long.MaxValue).Select(s => s.Result).ShouldBe(["1", "2,3,4"]);
    }

    [Fact]
    public void Late_event_extending_a_closed_session_within_lateness_re_emits_it()
    {
        var op = Sessions(lateness: TimeSpan.FromMinutes(10));
        op.OnEvent("u", Min(0), 1);
        op.Advance(Min(30)).ShouldHaveSingleItem().Revision.ShouldBe(0);

        op.OnEvent("u", Min(5), 2).ShouldBe(EventOutcome.Accepted);
        op.Advance(Min(31)).ShouldBeEmpty();

        var reEmitted = op.Advance(Min(35)).ShouldHaveSingleItem();
        reEmitted.Window.ShouldBe(new TimeWindow(Min(0), Min(35)));
        reEmitted.Result.ShouldBe("1,2");
        reEmitted.Revision.ShouldBe(1);
    }

    [Fact]
    public void Late_event_inside_a_closed_session_is_late_within_lateness()
    {
        var op = Sessions(lateness: TimeSpan.FromMinutes(10));
        op.OnEvent("u", Min(0), 1);
        op.OnEvent("u", Min(10), 2);
        op.Advance(Min(41)).Count.ShouldBe(1);

        op.OnEvent("u", Min(5), 3).ShouldBe(EventOutcome.LateWithinLateness);

        var reEmitted = op.Advance(Min(41)).ShouldHaveSingleItem();
        reEmitted.Result.ShouldBe("1,2,3");
        reEmitted.Revision.ShouldBe(1);
        reEmitted.Kind.ShouldBe(EmissionKind.Late);
    }

    [Fact]
    public void Event_whose_session_would_have_closed_beyond_lateness_is_too_late()
    {
        var op = Sessions();
        op.Advance(Min(100));

        var outcome = op.OnEvent("u", Min(10), 1);

        outcome.Status.ShouldBe(EventStatus.TooLate);
        outcome.Reason.ShouldNotBeNull().ShouldContain("behind watermark");
        op.KeyCount.ShouldBe(0);
    }
}

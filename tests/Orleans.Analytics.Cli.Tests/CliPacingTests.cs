using Orleans.Analytics.Cli.Commands;

namespace Orleans.Analytics.Cli.Tests;

/// <summary>The schedules behind <c>generate</c> and <c>replay</c>, as pure functions of elapsed and event time.</summary>
public sealed class CliPacingTests
{
    private const long T0 = 1_714_564_800_000;

    [Fact]
    public void Replay_waits_the_event_time_gaps_divided_by_the_speed()
    {
        var pacer = new ReplayPacer(10);
        long[] times = [T0, T0 + 1000, T0 + 2500, T0 + 60_000];

        times.Select(pacer.DueAt).ShouldBe([TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(6)]);
    }

    [Fact]
    public void Replay_below_speed_one_slows_down()
    {
        var pacer = new ReplayPacer(0.5);
        pacer.DueAt(T0).ShouldBe(TimeSpan.Zero);
        pacer.DueAt(T0 + 1500).ShouldBe(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void An_out_of_order_event_is_due_at_once_and_does_not_move_the_schedule_back()
    {
        var pacer = new ReplayPacer(2);
        pacer.DueAt(T0).ShouldBe(TimeSpan.Zero);
        pacer.DueAt(T0 + 4000).ShouldBe(TimeSpan.FromSeconds(2));
        pacer.DueAt(T0 + 1000).ShouldBe(TimeSpan.FromSeconds(2));
        pacer.DueAt(T0 - 5000).ShouldBe(TimeSpan.FromSeconds(2));
        pacer.DueAt(T0 + 5000).ShouldBe(TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public void Speed_zero_sends_everything_at_once()
    {
        var pacer = new ReplayPacer(0);
        new[] { T0, T0 + 3_600_000, T0 + 7_200_000 }.Select(pacer.DueAt).ShouldAllBe(d => d == TimeSpan.Zero);
    }

    [Fact]
    public void The_rate_schedule_counts_from_the_start_so_a_late_wake_up_catches_up()
    {
        var schedule = new RateSchedule(4, TimeSpan.FromSeconds(1));

        schedule.Total.ShouldBe(4);
        schedule.DueBy(TimeSpan.Zero).ShouldBe(1);
        schedule.DueBy(TimeSpan.FromMilliseconds(249)).ShouldBe(1);
        schedule.DueBy(TimeSpan.FromMilliseconds(250)).ShouldBe(2);
        schedule.DueBy(TimeSpan.FromMilliseconds(760)).ShouldBe(4);
        schedule.DueBy(TimeSpan.FromSeconds(10)).ShouldBe(4);
        schedule.DueAt(3).ShouldBe(TimeSpan.FromMilliseconds(750));
    }

    [Theory]
    [InlineData(2.5, 1000, 3)]
    [InlineData(40, 1000, 40)]
    [InlineData(1000, 30_000, 30_000)]
    [InlineData(0.5, 1000, 1)]
    public void The_rate_schedule_sends_rate_times_duration_rounded_up(double rate, int milliseconds, long expected) =>
        new RateSchedule(rate, TimeSpan.FromMilliseconds(milliseconds)).Total.ShouldBe(expected);

    [Fact]
    public void Without_a_duration_the_rate_schedule_runs_until_stopped() =>
        new RateSchedule(10, null).DueBy(TimeSpan.FromDays(1)).ShouldBe(864_001);

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("1.5m", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("00:01:30", 90_000)]
    public void Durations_take_a_unit_or_a_TimeSpan(string text, int milliseconds)
    {
        CliDuration.TryParse(text, out var duration, out var error).ShouldBeTrue(error);
        duration.ShouldBe(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData("30")]
    [InlineData("-1s")]
    [InlineData("0s")]
    [InlineData("soon")]
    public void Durations_without_unit_or_not_positive_are_refused(string text) =>
        CliDuration.TryParse(text, out _, out _).ShouldBeFalse();
}

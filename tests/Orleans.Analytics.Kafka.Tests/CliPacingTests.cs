using Orleans.Analytics.Cli.Commands;

namespace Orleans.Analytics.Kafka.Tests;

/// <summary>The schedules behind <c>generate</c> and <c>replay</c>, as pure functions of elapsed and event time.</summary>
public sealed class CliPacingTests
{
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

using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Core.Watermarks;

namespace Orleans.Analytics.Core.Tests;

public sealed class WatermarkTrackerTests
{
    private static readonly WindowingOptions Defaults = new();

    private readonly ManualTimeProvider _clock = new(Ms.At(1000));

    [Fact]
    public void Partition_watermark_is_max_event_time_minus_delay()
    {
        var tracker = new WatermarkTracker(Defaults, _clock);

        tracker.Observe(0, Ms.At(30));
        tracker.Observe(0, Ms.At(20));

        tracker.GetWatermark().ShouldBe(Ms.At(20));
    }

    [Fact]
    public void Job_watermark_is_the_minimum_over_active_partitions()
    {
        var tracker = new WatermarkTracker(Defaults, _clock);

        tracker.Observe(0, Ms.At(100));
        tracker.Observe(1, Ms.At(40));

        tracker.GetWatermark().ShouldBe(Ms.At(30));
    }

    [Fact]
    public void Idle_partition_does_not_hold_back_the_watermark()
    {
        var tracker = new WatermarkTracker(Defaults, _clock);
        tracker.Observe(0, Ms.At(40));
        tracker.Observe(1, Ms.At(100));
        tracker.GetWatermark().ShouldBe(Ms.At(30));

        _clock.Advance(TimeSpan.FromSeconds(4));
        tracker.Observe(1, Ms.At(104));
        tracker.GetWatermark().ShouldBe(Ms.At(30));

        _clock.Advance(TimeSpan.FromSeconds(1));
        tracker.Observe(1, Ms.At(105));

        tracker.IsIdle(0).ShouldBeTrue();
        tracker.GetWatermark().ShouldBe(Ms.At(95));
    }

    [Fact]
    public void Registered_partition_without_records_holds_back_until_idle()
    {
        var tracker = new WatermarkTracker(Defaults, _clock);
        tracker.Register(1);
        tracker.Observe(0, Ms.At(100));

        tracker.GetWatermark().ShouldBe(long.MinValue);

        _clock.Advance(TimeSpan.FromSeconds(5));
        tracker.Observe(0, Ms.At(101));
        tracker.GetWatermark().ShouldBe(Ms.At(91));
    }

    [Fact]
    public void Idle_partition_that_resumes_cannot_move_the_watermark_back()
    {
        var tracker = new WatermarkTracker(Defaults, _clock);
        tracker.Observe(0, Ms.At(10));
        tracker.Observe(1, Ms.At(100));
        _clock.Advance(TimeSpan.FromSeconds(5));
        tracker.Observe(1, Ms.At(100));
        tracker.GetWatermark().ShouldBe(Ms.At(90));

        tracker.Observe(0, Ms.At(11));

        tracker.IsIdle(0).ShouldBeFalse();
        tracker.GetWatermark().ShouldBe(Ms.At(90));
    }

    [Fact]
    public void When_all_partitions_are_idle_the_watermark_advances_with_the_wall_clock()
    {
        var tracker = new WatermarkTracker(Defaults, _clock);
        tracker.Observe(0, Ms.At(100));
        tracker.Observe(1, Ms.At(90));

        _clock.Advance(TimeSpan.FromSeconds(4.999));
        tracker.GetWatermark().ShouldBe(Ms.At(80));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        tracker.GetWatermark().ShouldBe(Ms.At(95));

        _clock.Advance(TimeSpan.FromSeconds(20));
        tracker.GetWatermark().ShouldBe(Ms.At(115));
    }

    [Fact]
    public void Watermark_stays_at_minimum_before_any_record()
    {
        var tracker = new WatermarkTracker(Defaults, _clock);
        tracker.Register(0);
        _clock.Advance(TimeSpan.FromMinutes(1));

        tracker.GetWatermark().ShouldBe(long.MinValue);
    }

    [Fact]
    public void Processing_time_mode_uses_the_wall_clock()
    {
        var tracker = new WatermarkTracker(Defaults with { TimeMode = TimeMode.ProcessingTime }, _clock);

        tracker.TimestampFor(Ms.At(5)).ShouldBe(Ms.At(1000));
        tracker.Observe(0, Ms.At(5));
        tracker.GetWatermark().ShouldBe(Ms.At(1000));

        _clock.Advance(TimeSpan.FromSeconds(1));
        tracker.GetWatermark().ShouldBe(Ms.At(1001));
    }

    [Fact]
    public void Event_time_mode_keeps_the_event_time()
    {
        new WatermarkTracker(Defaults, _clock).TimestampFor(Ms.At(5)).ShouldBe(Ms.At(5));
    }

    [Fact]
    public void Partition_status_reports_each_partition()
    {
        var tracker = new WatermarkTracker(Defaults, _clock);
        tracker.Observe(2, Ms.At(50));
        tracker.Register(1);

        var status = tracker.GetPartitionStatus();

        status.Select(s => s.Partition).ShouldBe([1, 2]);
        status[1].Watermark.ShouldBe(Ms.At(40));
        status[1].RecordCount.ShouldBe(1);
        status[0].IsIdle.ShouldBeFalse();
    }

    [Fact]
    public void Invalid_options_are_reported_together_with_their_keys()
    {
        var bad = new WindowingOptions { WatermarkDelay = TimeSpan.FromSeconds(-1), IdleTimeout = TimeSpan.Zero };

        var error = Should.Throw<ArgumentException>(() => new WatermarkTracker(bad, _clock));

        error.Message.ShouldContain("Processing:WatermarkDelay");
        error.Message.ShouldContain("Processing:IdleTimeout");
    }
}

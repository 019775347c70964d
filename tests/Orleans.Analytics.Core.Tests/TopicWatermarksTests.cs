using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Core.Watermarks;

namespace Orleans.Analytics.Core.Tests;

public sealed class TopicWatermarksTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);
    private readonly ManualTimeProvider _clock = new(Ms.At(1000));

    [Fact]
    public void A_partition_added_while_running_holds_the_watermark_until_it_is_read()
    {
        var watermarks = new TopicWatermarks(new WindowingOptions(), _clock, Lease);
        watermarks.Register(0);
        watermarks.Register(1);
        watermarks.Report(0, 0, 10, Ms.At(100), idle: false, lastRecordAt: _clock.NowMilliseconds);
        watermarks.Report(1, 0, 10, Ms.At(110), idle: false, lastRecordAt: _clock.NowMilliseconds);
        watermarks.GetWatermark().ShouldBe(Ms.At(90));

        // The topic gained partition 2: known from its metadata, not read yet.
        watermarks.Register(2);
        watermarks.Report(0, 0, 20, Ms.At(200), idle: false, lastRecordAt: _clock.NowMilliseconds);
        watermarks.Report(1, 0, 20, Ms.At(210), idle: false, lastRecordAt: _clock.NowMilliseconds);
        watermarks.GetWatermark().ShouldBe(Ms.At(90), "held where it was, never lowered");

        watermarks.Report(2, 0, 5, Ms.At(150), idle: false, lastRecordAt: _clock.NowMilliseconds);
        watermarks.GetWatermark().ShouldBe(Ms.At(140));
    }

    [Fact]
    public void A_registered_partition_no_reader_reported_is_never_idle()
    {
        var watermarks = new TopicWatermarks(new WindowingOptions(), _clock, Lease);
        watermarks.Register(0);
        watermarks.Register(1);
        watermarks.Report(0, 0, 10, Ms.At(100), idle: true, lastRecordAt: _clock.NowMilliseconds);

        watermarks.GetPositions().Single(p => p.Partition == 1).IsIdle.ShouldBeFalse();
        watermarks.GetWatermark().ShouldBe(long.MinValue, "partition 1 may hold older records");
    }
}

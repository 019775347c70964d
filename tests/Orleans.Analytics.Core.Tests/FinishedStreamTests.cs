using Orleans.Analytics.Core.Aggregation;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Core.Watermarks;
using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Tests;

/// <summary>The tracker and an operator together, as a reader drives them.</summary>
public sealed class FinishedStreamTests
{
    [Fact]
    public void Final_windows_of_a_finished_stream_close_once_the_wall_clock_passes_their_end()
    {
        var clock = new ManualTimeProvider(Ms.T0);
        var tracker = new WatermarkTracker(new WindowingOptions(), clock);
        var op = new KeyedWindowOperator<string, string?, DistinctCounter<string>, DistinctCount>(
            new TumblingWindows(TimeSpan.FromMinutes(1)), new DistinctCountAggregate<string>());
        var emitted = new List<WindowEmission<string, DistinctCount>>();

        // Events keep pace with the wall clock, spread over two partitions, and then the stream stops.
        for (var second = 0; second < 90; second++)
        {
            var partition = second % 2;
            op.OnEvent("page_view", tracker.TimestampFor(Ms.At(second)), $"user-{second % 7}").ShouldBe(EventOutcome.Accepted);
            tracker.Observe(partition, Ms.At(second));
            op.AdvanceWatermark(tracker.GetWatermark(), emitted);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        emitted.ShouldHaveSingleItem().Result.ShouldBe(new DistinctCount(60, 7));

        // Nothing more arrives; the timer that drives window closing keeps asking for the watermark.
        for (var tick = 0; tick < 40; tick++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            op.AdvanceWatermark(tracker.GetWatermark(), emitted);
        }

        emitted.Count.ShouldBe(2);
        emitted[1].Window.ShouldBe(new TimeWindow(Ms.At(60), Ms.At(120)));
        emitted[1].Result.ShouldBe(new DistinctCount(30, 7));
        op.WindowCount.ShouldBe(0);
    }

    [Fact]
    public void Without_idleness_the_last_window_of_a_finished_stream_stays_open()
    {
        var clock = new ManualTimeProvider(Ms.T0);
        var tracker = new WatermarkTracker(new WindowingOptions(), clock);
        var op = new KeyedWindowOperator<string, int, long, long>(new TumblingWindows(TimeSpan.FromMinutes(1)), CountAggregate<int>.Instance);
        op.OnEvent("k", Ms.At(10), 0);
        tracker.Observe(0, Ms.At(10));

        clock.Advance(TimeSpan.FromSeconds(4));

        op.Advance(tracker.GetWatermark()).ShouldBeEmpty();
    }
}

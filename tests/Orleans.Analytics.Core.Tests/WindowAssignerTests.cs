using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Tests;

public sealed class WindowAssignerTests
{
    private static readonly TumblingWindows Minute = new(TimeSpan.FromMinutes(1));

    [Fact]
    public void Tumbling_windows_are_aligned_to_the_epoch()
    {
        Minute.WindowFor(Ms.At(59.999)).ShouldBe(new TimeWindow(Ms.T0, Ms.At(60)));
        Minute.WindowFor(Ms.T0).ShouldBe(new TimeWindow(Ms.T0, Ms.At(60)));
    }

    [Fact]
    public void Event_exactly_at_a_window_end_belongs_to_the_next_window()
    {
        var first = Minute.WindowFor(Ms.T0);
        var atEnd = Minute.WindowFor(first.End);

        atEnd.Start.ShouldBe(first.End);
        first.Contains(first.End).ShouldBeFalse();
        atEnd.Contains(first.End).ShouldBeTrue();
    }

    [Fact]
    public void Tumbling_offset_shifts_window_starts()
    {
        var shifted = new TumblingWindows(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15));

        shifted.WindowFor(Ms.At(10)).ShouldBe(new TimeWindow(Ms.At(-45), Ms.At(15)));
        shifted.WindowFor(Ms.At(15)).ShouldBe(new TimeWindow(Ms.At(15), Ms.At(75)));
    }

    [Fact]
    public void Tumbling_windows_before_1970_are_aligned_too()
    {
        var window = new TumblingWindows(TimeSpan.FromSeconds(10)).WindowFor(-1);

        window.ShouldBe(new TimeWindow(-10_000, 0));
    }

    [Fact]
    public void Sliding_windows_put_an_event_in_size_over_slide_windows()
    {
        var sliding = new SlidingWindows(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1));
        var buffer = new TimeWindow[sliding.MaxWindowsPerEvent];

        var count = sliding.AssignWindows(Ms.At(90), buffer);

        count.ShouldBe(5);
        buffer[0].ShouldBe(new TimeWindow(Ms.At(-180), Ms.At(120)));
        buffer[4].ShouldBe(new TimeWindow(Ms.At(60), Ms.At(360)));
        buffer.ShouldAllBe(w => w.Contains(Ms.At(90)));
    }

    [Fact]
    public void Sliding_window_boundary_event_starts_a_new_window_and_leaves_the_oldest()
    {
        var sliding = new SlidingWindows(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1));
        var buffer = new TimeWindow[2];

        sliding.AssignWindows(Ms.At(120), buffer);

        buffer.ShouldBe([new TimeWindow(Ms.At(60), Ms.At(180)), new TimeWindow(Ms.At(120), Ms.At(240))]);
    }

    [Fact]
    public void Sliding_size_that_is_not_a_multiple_of_the_slide_is_rejected()
    {
        var error = Should.Throw<ArgumentException>(() => new SlidingWindows(TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(1)));

        error.Message.ShouldContain("multiple");
    }

    [Fact]
    public void Non_positive_sizes_are_rejected()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new TumblingWindows(TimeSpan.Zero));
        Should.Throw<ArgumentOutOfRangeException>(() => new SessionWindows(TimeSpan.Zero));
        Should.Throw<ArgumentOutOfRangeException>(() => new CountTrigger(0));
    }

    [Fact]
    public void Result_key_is_the_key_and_the_iso_window_start()
    {
        ResultKeys.For("page_view", Ms.T0).ShouldBe("page_view|2024-05-01T12:00:00.000Z");
    }
}

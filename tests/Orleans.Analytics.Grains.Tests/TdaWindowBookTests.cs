using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Jobs.Tda;

namespace Orleans.Analytics.Grains.Tests;

public sealed class TdaWindowBookTests
{
    private static readonly TdaEvent ThreePoints = new([[0.0], [1.0], [2.0]], null, 0);

    [Fact]
    public void Tumbling_windows_close_when_the_clock_reaches_their_end()
    {
        var book = new TdaWindowBook(new TdaWindowOptions { Type = TdaWindowType.Tumbling, Size = TimeSpan.FromSeconds(10) });
        var state = new PointCloudGrainState();
        var closed = new List<TdaWindow>();

        book.Add(state, ThreePoints, 12_000, closed).ShouldBeTrue();
        book.Add(state, ThreePoints, 19_999, closed).ShouldBeTrue();
        book.CloseDue(state, 19_999, closed);
        closed.ShouldBeEmpty();

        book.CloseDue(state, 20_000, closed);
        closed.Single().Id(TdaWindowType.Tumbling).ShouldBe("10000-20000");
        closed.Single().Points.Count.ShouldBe(6);
        closed.Single().EventCount.ShouldBe(2);
    }

    [Fact]
    public void A_sliding_window_event_joins_every_window_that_covers_it()
    {
        var book = new TdaWindowBook(new TdaWindowOptions { Type = TdaWindowType.Sliding, Size = TimeSpan.FromSeconds(30), Slide = TimeSpan.FromSeconds(10) });
        var state = new PointCloudGrainState();

        book.Add(state, ThreePoints, 25_000, []);

        state.Windows.Select(w => w.Id(TdaWindowType.Sliding)).Order().ShouldBe(["0-30000", "10000-40000", "20000-50000"]);
    }

    [Fact]
    public void A_session_closes_after_the_gap_and_an_event_past_it_starts_the_next()
    {
        var book = new TdaWindowBook(new TdaWindowOptions { Type = TdaWindowType.Session, Gap = TimeSpan.FromSeconds(5) });
        var state = new PointCloudGrainState();
        var closed = new List<TdaWindow>();

        book.Add(state, ThreePoints, 1_000, closed);
        book.Add(state, ThreePoints, 4_000, closed);
        book.Add(state, ThreePoints, 9_000, closed);

        closed.Single().Id(TdaWindowType.Session).ShouldBe("1000-9000");
        state.Windows.Single().Start.ShouldBe(9_000);
    }

    [Fact]
    public void A_count_window_closes_once_it_holds_its_count_and_numbers_its_windows()
    {
        var book = new TdaWindowBook(new TdaWindowOptions { Type = TdaWindowType.Count, Count = 5 });
        var state = new PointCloudGrainState();
        var closed = new List<TdaWindow>();

        book.Add(state, ThreePoints, 1, closed);
        closed.ShouldBeEmpty();
        book.Add(state, ThreePoints, 2, closed);
        book.Add(state, ThreePoints, 3, closed);

        closed.Single().Id(TdaWindowType.Count).ShouldBe("count-0");
        closed.Single().Points.Count.ShouldBe(6);
        state.Windows.Single().Sequence.ShouldBe(1);
    }

    [Fact]
    public void In_event_time_an_event_for_a_window_behind_the_watermark_is_late()
    {
        var book = new TdaWindowBook(new TdaWindowOptions
        {
            Type = TdaWindowType.Tumbling,
            Size = TimeSpan.FromSeconds(10),
            TimeMode = TimeMode.EventTime,
            WatermarkDelay = TimeSpan.FromSeconds(2),
        });
        var state = new PointCloudGrainState { MaxEventTime = 25_000 };

        book.Add(state, ThreePoints, 15_000, []).ShouldBeFalse();
        book.Add(state, ThreePoints, 21_000, []).ShouldBeTrue();
        book.Clock(state, 0).ShouldBe(23_000);
    }
}

namespace Orleans.Analytics.Kafka.Tests;

public sealed class OffsetTrackerTests
{
    [Fact]
    public void Nothing_is_committable_before_a_record_completes()
    {
        var tracker = new OffsetTracker();
        tracker.Track(10);
        tracker.Committable.ShouldBe(-1);
        tracker.InFlight.ShouldBe(1);
    }

    [Fact]
    public void Out_of_order_completion_commits_only_the_unbroken_run()
    {
        var tracker = new OffsetTracker();
        foreach (var offset in new long[] { 5, 6, 7, 8 })
        {
            tracker.Track(offset);
        }

        tracker.Complete(7).ShouldBeTrue();
        tracker.Committable.ShouldBe(-1);
        tracker.Complete(5).ShouldBeTrue();
        tracker.Committable.ShouldBe(6);
        tracker.Complete(6).ShouldBeTrue();
        tracker.Committable.ShouldBe(8, "5, 6 and 7 are done; 8 is not");
        tracker.Complete(8).ShouldBeTrue();
        tracker.Committable.ShouldBe(9);
        tracker.InFlight.ShouldBe(0);
    }

    [Fact]
    public void Gaps_in_offsets_do_not_hold_back_the_commit()
    {
        // Compacted topics and transaction markers leave offsets that are never read.
        var tracker = new OffsetTracker();
        tracker.Track(3);
        tracker.Track(9);
        tracker.Track(20);
        tracker.Complete(3);
        tracker.Complete(9);
        tracker.Committable.ShouldBe(10);
        tracker.Complete(20);
        tracker.Committable.ShouldBe(21);
    }

    [Fact]
    public void Completing_an_untracked_offset_changes_nothing()
    {
        var tracker = new OffsetTracker();
        tracker.Track(1);
        tracker.Complete(2).ShouldBeFalse();
        tracker.Complete(1).ShouldBeTrue();
        tracker.Complete(1).ShouldBeFalse("already completed and released");
        tracker.Committable.ShouldBe(2);
    }

    [Fact]
    public void Offsets_must_increase()
    {
        var tracker = new OffsetTracker();
        tracker.Track(4);
        Should.Throw<InvalidOperationException>(() => tracker.Track(4));
    }

    [Fact]
    public void Many_records_in_flight_grow_the_ring_and_keep_order()
    {
        var tracker = new OffsetTracker();
        const int count = 5_000;
        for (var i = 0; i < count; i++)
        {
            tracker.Track(i * 2L);
        }

        // Complete in reverse: nothing is committable until the first completes.
        for (var i = count - 1; i >= 1; i--)
        {
            tracker.Complete(i * 2L);
        }

        tracker.Committable.ShouldBe(-1);
        tracker.Complete(0);
        tracker.Committable.ShouldBe((count - 1) * 2L + 1);
    }
}

using Orleans.Analytics.Jobs;

namespace Orleans.Analytics.Grains.Tests;

/// <summary>
/// Which records a partition reader sends as single inputs after a rewind or a take-over. A key grain drops a
/// pre-aggregated delivery that straddles the last offset it applied, so no delivery may mix single inputs from the
/// replay range with partial aggregates of records past it.
/// </summary>
public sealed class ReaderBatchTests
{
    [Fact]
    public void Records_below_the_replay_end_go_on_as_single_inputs()
    {
        var batch = new ReaderBatch("events", 0) { ReplayEnd = 100 };

        batch.IsReplay(99).ShouldBeTrue();
        batch.IsReplay(100).ShouldBeFalse();
    }

    [Fact]
    public void A_mini_batch_that_began_in_the_replay_range_stays_single_inputs_past_it_until_flushed()
    {
        var batch = new ReaderBatch("events", 0) { ReplayEnd = 100, FirstOffset = 90 };

        batch.IsReplay(100).ShouldBeTrue();
        batch.IsReplay(250).ShouldBeTrue();

        // Flushed: the next mini-batch starts past the replay range and pre-aggregates again.
        batch.FirstOffset = -1;
        batch.IsReplay(251).ShouldBeFalse();
        batch.FirstOffset = 251;
        batch.IsReplay(252).ShouldBeFalse();
    }
}

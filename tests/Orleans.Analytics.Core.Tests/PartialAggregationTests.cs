using Orleans.Analytics.Core.Aggregation;
using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Tests;

public sealed class PartialAggregationTests
{
    private static readonly TumblingWindows Minute = new(TimeSpan.FromMinutes(1));

    [Fact]
    public void Pre_aggregated_partials_give_the_same_result_as_single_records()
    {
        var aggregate = new DistinctCountAggregate<string>();
        var single = new KeyedWindowOperator<string, string?, DistinctCounter<string>, DistinctCount>(Minute, aggregate);
        var batched = new KeyedWindowOperator<string, string?, DistinctCounter<string>, DistinctCount>(Minute, aggregate);
        var users = new[] { "a", "b", "a", "c", "d", "b" };

        var partial = aggregate.CreateAccumulator();
        for (var i = 0; i < users.Length; i++)
        {
            single.OnEvent("click", Ms.At(i), users[i]);
            if (i == 3)
            {
                batched.OnPartial("click", Minute.WindowFor(Ms.At(i)), partial, 3, Ms.At(2)).ShouldBe(EventOutcome.Accepted);
                partial = aggregate.CreateAccumulator();
            }

            partial = aggregate.Add(partial, users[i]);
        }

        batched.OnPartial("click", Minute.WindowFor(Ms.At(5)), partial, 3, Ms.At(5));

        batched.Advance(Ms.At(60)).ShouldHaveSingleItem().Result.ShouldBe(single.Advance(Ms.At(60)).ShouldHaveSingleItem().Result);
    }

    [Fact]
    public void Partial_for_a_purged_window_is_too_late_and_counted_per_record()
    {
        var op = new KeyedWindowOperator<string, int, long, long>(Minute, CountAggregate<int>.Instance);
        op.Advance(Ms.At(120));

        var outcome = op.OnPartial("k", Minute.WindowFor(Ms.At(10)), 4, 4, Ms.At(10));

        outcome.Status.ShouldBe(EventStatus.TooLate);
        outcome.Reason.ShouldNotBeNull().ShouldContain("window [2024-05-01T12:00:00.000Z, 2024-05-01T12:01:00.000Z) is closed");
        op.TooLateCount.ShouldBe(4);
        op.OnEvent("k", Ms.At(11), 0).Status.ShouldBe(EventStatus.TooLate);
        op.TooLateCount.ShouldBe(5);
    }
}

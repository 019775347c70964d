using Orleans.Analytics.Core.Aggregation;

namespace Orleans.Analytics.Core.Tests;

public sealed class AggregateTests
{
    [Fact]
    public void Distinct_count_counts_events_and_unique_values()
    {
        var aggregate = new DistinctCountAggregate<string>();
        var acc = aggregate.CreateAccumulator();
        foreach (var user in new[] { "u1", "u2", "u1", null, "u3" })
        {
            acc = aggregate.Add(acc, user);
        }

        aggregate.GetResult(acc).ShouldBe(new DistinctCount(5, 3));
    }

    [Fact]
    public void Distinct_count_merge_is_a_union()
    {
        var aggregate = new DistinctCountAggregate<string>();
        var left = aggregate.CreateAccumulator();
        var right = aggregate.CreateAccumulator();
        left = aggregate.Add(aggregate.Add(left, "a"), "b");
        right = aggregate.Add(aggregate.Add(aggregate.Add(right, "b"), "c"), "d");

        var merged = aggregate.Merge(left, right);

        aggregate.GetResult(merged).ShouldBe(new DistinctCount(5, 4));
    }

    [Fact]
    public void Count_merge_adds()
    {
        var count = CountAggregate<object>.Instance;

        count.GetResult(count.Merge(count.Add(count.Add(count.CreateAccumulator(), 1), 2), 5)).ShouldBe(7);
    }
}

using Orleans.Analytics.Core.Aggregation;

namespace Orleans.Analytics.Core.Tests;

public sealed class PercentileSketchTests
{
    private static readonly double[] Quantiles = [0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

    /// <summary>The nearest-rank definition the sketch promises: x[⌈q·n⌉] of the sorted values, x[1] for q = 0.</summary>
    private static double NearestRank(double[] sorted, double q)
    {
        var rank = (int)Math.Max(1, Math.Ceiling(Math.Round(q * sorted.Length, 9)));
        return sorted[rank - 1];
    }

    private static double[] RandomLatencies(Random random, int count)
    {
        var values = new double[count];
        var shape = random.Next(4);
        for (var i = 0; i < count; i++)
        {
            values[i] = shape switch
            {
                0 => random.Next(0, 5000),
                1 => Math.Exp(random.NextDouble() * 12),
                2 => random.NextDouble() < 0.1 ? 0 : 100 + random.NextDouble() * 20,
                _ => Math.Round(-Math.Log(1 - random.NextDouble()) * 800, 3),
            };
        }

        return values;
    }

    [Fact]
    public void Quantiles_are_within_the_relative_accuracy_of_exact_nearest_rank()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var values = RandomLatencies(random, random.Next(1, 3000));
            var sketch = new PercentileSketch();
            foreach (var v in values)
            {
                sketch.Add(v);
            }

            Array.Sort(values);
            foreach (var q in Quantiles)
            {
                var exact = NearestRank(values, q);
                var estimate = sketch.GetQuantile(q);
                Math.Abs(estimate - exact).ShouldBeLessThanOrEqualTo(
                    (0.01 * exact) + 1e-9, $"seed {seed}, q {q}, n {values.Length}");
            }
        }
    }

    [Fact]
    public void Tighter_accuracy_is_honoured_too()
    {
        var random = new Random(7);
        var values = RandomLatencies(random, 10_000);
        var sketch = new PercentileSketch(0.001);
        foreach (var v in values)
        {
            sketch.Add(v);
        }

        Array.Sort(values);
        foreach (var q in Quantiles)
        {
            var exact = NearestRank(values, q);
            Math.Abs(sketch.GetQuantile(q) - exact).ShouldBeLessThanOrEqualTo((0.001 * exact) + 1e-9);
        }
    }

    [Fact]
    public void Merged_sketches_answer_like_one_sketch_of_all_values()
    {
        var random = new Random(11);
        var whole = new PercentileSketch();
        var parts = new[] { new PercentileSketch(), new PercentileSketch(), new PercentileSketch() };
        for (var i = 0; i < 5000; i++)
        {
            var v = Math.Exp(random.NextDouble() * 10);
            whole.Add(v);
            parts[random.Next(parts.Length)].Add(v);
        }

        parts[0].Merge(parts[1]);
        parts[0].Merge(parts[2]);

        parts[0].Count.ShouldBe(whole.Count);
        parts[0].Sum.ShouldBe(whole.Sum, 1e-6);
        parts[0].Min.ShouldBe(whole.Min);
        parts[0].Max.ShouldBe(whole.Max);
        foreach (var q in Quantiles)
        {
            parts[0].GetQuantile(q).ShouldBe(whole.GetQuantile(q));
        }
    }

    [Fact]
    public void Sketches_of_few_values_merge_and_persist_like_sketches_of_many()
    {
        // Few values are kept as bucket indices, many as counters: every mix of the two must answer alike.
        var random = new Random(12);
        foreach (var sizes in new[] { new[] { 1, 2 }, new[] { 63, 64 }, new[] { 65, 3, 0 }, new[] { 40, 40, 40 }, new[] { 500, 10 }, new[] { 10, 500 } })
        {
            var whole = new PercentileSketch();
            var parts = sizes.Select(_ => new PercentileSketch()).ToArray();
            for (var p = 0; p < sizes.Length; p++)
            {
                for (var i = 0; i < sizes[p]; i++)
                {
                    var v = random.Next(5) == 0 ? 0 : Math.Exp(random.NextDouble() * 8);
                    whole.Add(v);
                    parts[p].Add(v);
                }
            }

            var merged = PercentileSketch.FromState(parts[0].ToState());
            foreach (var part in parts.Skip(1))
            {
                merged.Merge(part);
            }

            merged.Count.ShouldBe(whole.Count);
            merged.ZeroCount.ShouldBe(whole.ZeroCount);
            foreach (var q in Quantiles)
            {
                merged.GetQuantile(q).ShouldBe(whole.GetQuantile(q), string.Join("+", sizes));
                PercentileSketch.FromState(merged.ToState()).GetQuantile(q).ShouldBe(whole.GetQuantile(q));
            }
        }
    }

    [Fact]
    public void Exact_statistics_and_extreme_quantiles_are_exact()
    {
        var sketch = new PercentileSketch();
        foreach (var v in new double[] { 120, 80, 0, 300 })
        {
            sketch.Add(v);
        }

        sketch.Count.ShouldBe(4);
        sketch.Average.ShouldBe(125);
        sketch.GetQuantile(0).ShouldBe(0);
        sketch.GetQuantile(0.25).ShouldBe(0);
        sketch.GetQuantile(1).ShouldBe(300);
    }

    [Fact]
    public void Empty_sketch_reports_nan()
    {
        var sketch = new PercentileSketch();

        double.IsNaN(sketch.GetQuantile(0.5)).ShouldBeTrue();
        double.IsNaN(sketch.Average).ShouldBeTrue();
    }

    [Fact]
    public void Negative_and_non_finite_values_are_rejected()
    {
        var sketch = new PercentileSketch();

        Should.Throw<ArgumentOutOfRangeException>(() => sketch.Add(-1));
        Should.Throw<ArgumentOutOfRangeException>(() => sketch.Add(double.NaN));
        Should.Throw<ArgumentOutOfRangeException>(() => sketch.Add(double.PositiveInfinity));
        sketch.Count.ShouldBe(0);
    }

    [Fact]
    public void State_round_trip_preserves_answers()
    {
        var sketch = new PercentileSketch();
        var random = new Random(3);
        for (var i = 0; i < 1000; i++)
        {
            sketch.Add(random.Next(1, 10_000));
        }

        var copy = PercentileSketch.FromState(sketch.ToState());
        sketch.Add(50_000);

        copy.Count.ShouldBe(1000);
        copy.GetQuantile(0.95).ShouldBe(PercentileSketch.FromState(copy.ToState()).GetQuantile(0.95));
        copy.GetQuantile(1).ShouldBeLessThan(10_000);
    }

    [Fact]
    public void Latency_aggregate_reports_count_average_and_percentiles()
    {
        var aggregate = new LatencyAggregate();
        var acc = aggregate.CreateAccumulator();
        for (var ms = 1; ms <= 100; ms++)
        {
            acc = aggregate.Add(acc, ms);
        }

        var summary = aggregate.GetResult(acc);

        summary.SampleCount.ShouldBe(100);
        summary.AverageMs.ShouldBe(50.5);
        summary.P50Ms.ShouldBe(50, 0.5);
        summary.P95Ms.ShouldBe(95, 0.95);
        summary.P99Ms.ShouldBe(99, 0.99);
    }
}

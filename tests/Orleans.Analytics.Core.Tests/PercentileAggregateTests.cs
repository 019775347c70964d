using System.Text.Json;
using Orleans.Analytics.Core.Aggregation;
using Orleans.Analytics.Core.Samples;

namespace Orleans.Analytics.Core.Tests;

/// <summary>A percentile of any input's field as a window aggregate, and the demo's point clouds.</summary>
public sealed class PercentileAggregateTests
{
    private sealed record Order(double Amount);

    [Fact]
    public void Partials_merged_after_a_JSON_round_trip_give_what_adding_one_by_one_gives()
    {
        var random = new Random(4);
        var orders = Enumerable.Range(0, 2_000).Select(_ => new Order(Math.Round(random.NextDouble() * 500, 2))).ToList();
        var aggregate = new PercentileAggregate<Order>(o => o.Amount);

        var whole = orders.Aggregate(aggregate.CreateAccumulator(), aggregate.Add);
        var merged = aggregate.CreateAccumulator();
        foreach (var chunk in orders.Chunk(300))
        {
            // Each partial is kept as JSON between the reader and the key grain, as the pipeline keeps it.
            var partial = chunk.Aggregate(aggregate.CreateAccumulator(), aggregate.Add);
            var stored = JsonSerializer.Deserialize<SketchAccumulator>(JsonSerializer.Serialize(partial))!;
            merged = aggregate.Merge(merged, stored);
        }

        var sorted = orders.Select(o => o.Amount).Order().ToArray();
        foreach (var q in new[] { 0.5, 0.9, 0.99 })
        {
            var exact = sorted[(int)Math.Ceiling(q * sorted.Length) - 1];
            aggregate.GetResult(merged).GetQuantile(q).ShouldBe(aggregate.GetResult(whole).GetQuantile(q));
            aggregate.GetResult(merged).GetQuantile(q).ShouldBe(exact, exact * 0.01);
        }

        aggregate.GetResult(merged).Count.ShouldBe(orders.Count);
        aggregate.GetResult(merged).Sum.ShouldBe(orders.Sum(o => o.Amount), 1e-6);
    }

    [Fact]
    public void Point_clouds_lie_on_their_shapes_within_the_noise_and_repeat_with_their_seed()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        var first = new SamplePointClouds(seed: 9);
        var again = new SamplePointClouds(seed: 9);
        var radii = new Dictionary<string, (double[] Centre, double Radius)>
        {
            ["circle-small"] = ([0, 0], 2.5),
            ["circle-large"] = ([10, 0], 3.5),
            ["sphere"] = ([0, 0, 0], 3),
        };

        for (var i = 0; i < 30; i++)
        {
            var (key, value) = first.Next(now);
            again.Next(now).ShouldBe((key, value));
            key.ShouldBe(SamplePointClouds.Clouds[i % 3]);
            using var document = JsonDocument.Parse(value);
            document.RootElement.GetProperty("type").GetString().ShouldBe("point_cloud_update");
            document.RootElement.GetProperty("timestamp").GetInt64().ShouldBe(now.ToUnixTimeMilliseconds());
            var (centre, radius) = radii[key];
            foreach (var point in document.RootElement.GetProperty("payload").GetProperty("points").EnumerateArray())
            {
                var coordinates = point.EnumerateArray().Select(c => c.GetDouble()).ToArray();
                coordinates.Length.ShouldBe(centre.Length);
                var distance = Math.Sqrt(coordinates.Select((c, d) => (c - centre[d]) * (c - centre[d])).Sum());
                // Noise of 0.1 per coordinate: six standard deviations of the distance at the most.
                distance.ShouldBe(radius, 0.6 * Math.Sqrt(centre.Length), key);
            }
        }
    }
}

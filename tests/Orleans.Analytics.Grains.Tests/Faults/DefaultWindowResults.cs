using System.Text.Json;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Grains.Tests.Faults;

/// <summary>
/// Checks <c>event_metrics</c>, <c>performance_metrics</c> and <c>processing_metrics</c> against the reference model
/// for the default <c>Processing</c> settings (1 min and 5 min tumbling windows, the default event types). Sessions
/// are left out: with the default 30 min gap they close only half an hour of event time after a user's last event.
/// </summary>
internal sealed class DefaultWindowResults(EmbeddedKafkaFixture kafka, IReadOnlyDictionary<string, string> topics)
{
    public const long MetricsWindow = 60_000;
    public const long PerformanceWindow = 300_000;
    private static readonly HashSet<string> Allowed = ["page_view", "click", "conversion", "add_to_cart"];

    public TimeSpan Patience { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>Every result record of <paramref name="topic"/> so far, in order, as (key, value) pairs.</summary>
    public List<(string Key, string Value)> Records(string topic) =>
        [.. kafka.ReadAll(topics[topic]).Select(r => (r.Message.Key!, r.Message.Value))];

    /// <summary>Waits for every expected result and asserts it; returns how many records each result topic holds.</summary>
    public async Task<Dictionary<string, int>> AssertExactAsync(IReadOnlyCollection<WorkloadEvent> events)
    {
        var expectedMetrics = ReferenceModel.EventMetrics(events, MetricsWindow, Allowed);
        var expectedPerformance = ReferenceModel.Performance(events, PerformanceWindow);
        var expectedCounts = ReferenceModel.ProcessingMetrics(events);

        var metrics = await WaitForAsync("EventMetrics", r => r.Count >= expectedMetrics.Count);
        var performance = await WaitForAsync("PerformanceMetrics", r => r.Count >= expectedPerformance.Count);
        var counts = await WaitForAsync("ProcessingMetrics", r => expectedCounts.All(e => r.TryGetValue(e.Key, out var v) && v.GetProperty("event_count").GetInt64() >= e.Value));

        metrics.Keys.Order().ShouldBe(expectedMetrics.Keys.Order());
        foreach (var (key, (count, users)) in expectedMetrics)
        {
            metrics[key].GetProperty("event_count").GetInt64().ShouldBe(count, key);
            metrics[key].GetProperty("unique_users").GetInt32().ShouldBe(users, key);
            metrics[key].GetProperty("revision").GetInt32().ShouldBe(0, key);
        }

        performance.Keys.Order().ShouldBe(expectedPerformance.Keys.Order());
        foreach (var (key, expected) in expectedPerformance)
        {
            var actual = performance[key];
            actual.GetProperty("sample_count").GetInt64().ShouldBe(expected.Count, key);
            actual.GetProperty("avg_ms").GetDouble().ShouldBe(expected.Avg, 0.001, key);
            actual.GetProperty("p50_ms").GetDouble().ShouldBe(expected.P50, expected.P50 * 0.0101, key);
            actual.GetProperty("p99_ms").GetDouble().ShouldBe(expected.P99, expected.P99 * 0.0101, key);
        }

        counts.Keys.Order().ShouldBe(expectedCounts.Keys.Order());
        foreach (var (type, count) in expectedCounts)
        {
            counts[type].GetProperty("event_count").GetInt64().ShouldBe(count, type);
        }

        kafka.ReadAll(topics["LateEvents"]).ShouldBeEmpty("the workload's disorder is within the watermark delay");
        return new Dictionary<string, int>
        {
            ["EventMetrics"] = Records("EventMetrics").Count,
            ["PerformanceMetrics"] = Records("PerformanceMetrics").Count,
        };
    }

    /// <summary>
    /// Reads a result topic until <paramref name="done"/> holds for its latest record per key; fails if two records
    /// with the same key and revision differ (a conflicting re-emission).
    /// </summary>
    public async Task<Dictionary<string, JsonElement>> WaitForAsync(string topic, Func<Dictionary<string, JsonElement>, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var latest = new Dictionary<string, JsonElement>();
            var seen = new Dictionary<(string, int), string>();
            foreach (var (key, value) in Records(topic))
            {
                var json = JsonDocument.Parse(value).RootElement;
                if (json.TryGetProperty("revision", out var r))
                {
                    if (seen.TryGetValue((key, r.GetInt32()), out var earlier))
                    {
                        earlier.ShouldBe(value, $"conflicting re-emission of {key} revision {r.GetInt32()}");
                    }

                    seen[(key, r.GetInt32())] = value;
                }

                latest[key] = json;
            }

            if (done(latest))
            {
                return latest;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{topics[topic]} has {latest.Count} keys; the expected results did not all arrive within {Patience}");
            }

            await kafka.WaitForProducedAsync(topics[topic], TimeSpan.FromSeconds(2));
        }
    }
}

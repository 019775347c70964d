using System.Globalization;
using System.Text.Json;
using Orleans.Analytics.Grains.Tests.Examples;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.TestInfrastructure;
using Orleans.TestingHost;

namespace Orleans.Analytics.Grains.Tests;

/// <summary>The example job of docs/adding-a-job.md, registered beside the standard jobs and run on a cluster.</summary>
public sealed class PagePopularityJobTests(EmbeddedKafkaFixture kafka) : IAsyncLifetime
{
    private TestCluster? _cluster;

    public ValueTask InitializeAsync()
    {
        SharedGrainStorage.Clear();
        SharedReminderTable.Clear();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        AnalyticsTestSiloConfigurator.ExtraJobs = null;
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_example_job_counts_page_views_and_visitors_per_page_and_window()
    {
        var start = new DateTimeOffset(2024, 6, 1, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var events = AnalyticsWorkload.Generate(1_200, users: 12, start, spanMs: 60_000, maxDisorderMs: 1_000, seed: 3);
        var output = kafka.CreateTopic("page-popularity", 2);
        AnalyticsTestSiloConfigurator.ExtraJobs = jobs => jobs.Add<PagePopularityJob, PagePopularityOptions>("Jobs:PagePopularity");
        var properties = new Dictionary<string, string>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:ConsumerGroup"] = kafka.UniqueName("popularity"),
            ["Processing:WatermarkDelay"] = "00:00:02",
            // Long enough that no partition is judged idle while the two silos settle who reads it.
            ["Processing:IdleTimeout"] = "00:00:08",
            ["Processing:TimerInterval"] = "00:00:00.200",
            ["Jobs:PagePopularity:Topic"] = output,
            ["Jobs:PagePopularity:WindowSize"] = "00:00:15",
        };
        foreach (var name in new[] { "Events", "EventMetrics", "SessionMetrics", "PerformanceMetrics", "ProcessingMetrics", "LateEvents", "DeadLetters" })
        {
            properties[$"Kafka:Topics:{name}"] = kafka.CreateTopic(name.ToLowerInvariant(), name == "Events" ? 4 : 1);
        }

        _cluster = await TestClusters.StartAsync<AnalyticsTestSiloConfigurator>(2, properties);
        await kafka.ProduceAsync(properties["Kafka:Topics:Events"], events.Select(e => ((string?)e.UserId, e.ToJson())));

        var expected = events.Where(e => e.Type == "page_view")
            .GroupBy(e => $"{e.Page}|{Iso(e.EventTime - (e.EventTime % 15_000))}")
            .ToDictionary(g => g.Key, g => (Views: g.Count(), Visitors: g.Select(e => e.UserId).Distinct().Count()));
        var deadline = DateTime.UtcNow.AddSeconds(120);
        Dictionary<string, JsonElement> actual;
        while (true)
        {
            actual = kafka.ReadAll(output).ToDictionary(r => r.Message.Key!, r => JsonDocument.Parse(r.Message.Value).RootElement);
            if ((actual.Count >= expected.Count && kafka.ReadAll(properties["Kafka:Topics:EventMetrics"]).Count > 0) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await kafka.WaitForProducedAsync(output, TimeSpan.FromSeconds(2));
        }

        kafka.ReadAll(properties["Kafka:Topics:LateEvents"]).ShouldBeEmpty();
        actual.Keys.Order().ShouldBe(expected.Keys.Order());
        foreach (var (key, (views, visitors)) in expected)
        {
            actual[key].GetProperty("page_views").GetInt32().ShouldBe(views, key);
            actual[key].GetProperty("visitors").GetInt32().ShouldBe(visitors, key);
        }
    }

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Analytics.TestInfrastructure;
using Orleans.TestingHost;

namespace Orleans.Analytics.Grains.Tests;

/// <summary>
/// The four analytics jobs on a two-silo TestingHost cluster over the embedded Kafka, checked against the
/// reference model for a generated workload, with and without a silo killed or joining mid-stream.
/// </summary>
public sealed class AnalyticsJobsClusterTests(EmbeddedKafkaFixture kafka) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);
    private static readonly long Start = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const long MetricsWindow = 10_000;
    private const long PerformanceWindow = 20_000;
    private const long SessionGap = 8_000;
    private static readonly HashSet<string> Allowed = ["page_view", "click", "conversion", "add_to_cart"];

    private readonly Dictionary<string, string> _topics = new()
    {
        ["Events"] = kafka.CreateTopic("analytics-events", 4),
        ["EventMetrics"] = kafka.CreateTopic("event-metrics", 2),
        ["SessionMetrics"] = kafka.CreateTopic("session-metrics", 2),
        ["PerformanceMetrics"] = kafka.CreateTopic("performance-metrics", 2),
        ["ProcessingMetrics"] = kafka.CreateTopic("processing-metrics", 2),
        ["LateEvents"] = kafka.CreateTopic("late-events", 1),
        ["DeadLetters"] = kafka.CreateTopic("dead-letters", 1),
    };

    private TestCluster? _cluster;

    public ValueTask InitializeAsync()
    {
        SharedGrainStorage.Clear();
        SharedReminderTable.Clear();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_job_produces_what_the_reference_model_computes()
    {
        var events = AnalyticsWorkload.Generate(3_000, users: 24, Start, spanMs: 150_000, maxDisorderMs: 2_000, seed: 1);
        _cluster = await StartAsync(idleTimeout: "00:00:06");

        await ProduceAsync(events);

        await AssertResultsAsync(events);
    }

    [Fact]
    public async Task A_silo_killed_mid_stream_changes_no_result()
    {
        var events = AnalyticsWorkload.Generate(3_000, users: 24, Start, spanMs: 150_000, maxDisorderMs: 2_000, seed: 2);
        // Idleness must outlast the take-over of the dead silo's partitions (failure detection, re-balancing,
        // resuming from committed offsets), or their records would rightly turn late on a slow machine.
        _cluster = await StartAsync(idleTimeout: "00:00:45");

        await ProduceAsync(events.Take(1_500));
        await WaitForAsync(_topics["EventMetrics"], records => records.Count >= 3);
        await _cluster.KillSiloAsync(_cluster.SecondarySilos[0]);
        await ProduceAsync(events.Skip(1_500));

        await AssertResultsAsync(events);
    }

    [Fact]
    public async Task A_silo_joining_mid_stream_changes_no_result()
    {
        var events = AnalyticsWorkload.Generate(3_000, users: 24, Start, spanMs: 150_000, maxDisorderMs: 2_000, seed: 3);
        _cluster = await StartAsync(idleTimeout: "00:00:06");

        await ProduceAsync(events.Take(1_500));
        await WaitForAsync(_topics["EventMetrics"], records => records.Count >= 3);
        var joined = await _cluster.StartAdditionalSiloAsync();
        await ProduceAsync(events.Skip(1_500));

        // Partitions that moved are read again from their checkpoints; deduplication keeps every result exact.
        await AssertResultsAsync(events);
        ((InProcessSiloHandle)joined).SiloHost.Services.GetRequiredService<Kafka.KafkaReaderStatus>().Partitions
            .ShouldNotBeEmpty("the joined silo took over some partitions");
    }

    private async Task<TestCluster> StartAsync(string idleTimeout)
    {
        var properties = new Dictionary<string, string>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:ConsumerGroup"] = kafka.UniqueName("analytics"),
            ["Processing:WatermarkDelay"] = "00:00:03",
            ["Processing:IdleTimeout"] = idleTimeout,
            ["Processing:MetricsWindowSize"] = TimeSpan.FromMilliseconds(MetricsWindow).ToString("c", CultureInfo.InvariantCulture),
            ["Processing:PerformanceWindowSize"] = TimeSpan.FromMilliseconds(PerformanceWindow).ToString("c", CultureInfo.InvariantCulture),
            ["Processing:SessionGap"] = TimeSpan.FromMilliseconds(SessionGap).ToString("c", CultureInfo.InvariantCulture),
            ["Processing:TimerInterval"] = "00:00:00.200",
            ["Processing:RecoveryInterval"] = "00:00:02",
            ["Processing:MiniBatch:Size"] = "200",
        };
        foreach (var (name, topic) in _topics)
        {
            properties[$"Kafka:Topics:{name}"] = topic;
        }

        return await TestClusters.StartAsync<AnalyticsTestSiloConfigurator>(2, properties);
    }

    private Task ProduceAsync(IEnumerable<WorkloadEvent> events) =>
        kafka.ProduceAsync(_topics["Events"], events.Select(e => ((string?)e.UserId, e.ToJson())));

    private async Task AssertResultsAsync(List<WorkloadEvent> events)
    {
        var expectedMetrics = ReferenceModel.EventMetrics(events, MetricsWindow, Allowed);
        var expectedPerformance = ReferenceModel.Performance(events, PerformanceWindow);
        var expectedSessions = ReferenceModel.Sessions(events, SessionGap);
        var expectedCounts = ReferenceModel.ProcessingMetrics(events);

        var metrics = await WaitForAsync(_topics["EventMetrics"], r => r.Count >= expectedMetrics.Count);
        var performance = await WaitForAsync(_topics["PerformanceMetrics"], r => r.Count >= expectedPerformance.Count);
        var sessions = await WaitForAsync(_topics["SessionMetrics"], r => r.Count >= expectedSessions.Count);
        var counts = await WaitForAsync(_topics["ProcessingMetrics"], r => expectedCounts.All(e => r.TryGetValue(e.Key, out var v) && v.GetProperty("event_count").GetInt64() == e.Value));

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
            actual.GetProperty("p95_ms").GetDouble().ShouldBe(expected.P95, expected.P95 * 0.0101, key);
            actual.GetProperty("p99_ms").GetDouble().ShouldBe(expected.P99, expected.P99 * 0.0101, key);
        }

        sessions.Keys.Order().ShouldBe(expectedSessions.Keys.Order());
        foreach (var (key, expected) in expectedSessions)
        {
            var actual = sessions[key];
            actual.GetProperty("event_count").GetInt64().ShouldBe(expected.Events, key);
            actual.GetProperty("page_views").GetInt64().ShouldBe(expected.PageViews, key);
            actual.GetProperty("clicks").GetInt64().ShouldBe(expected.Clicks, key);
            actual.GetProperty("conversions").GetInt64().ShouldBe(expected.Conversions, key);
            actual.GetProperty("converted").GetBoolean().ShouldBe(expected.Conversions > 0, key);
            actual.GetProperty("session_id").GetString().ShouldBe(expected.SessionId, key);
            actual.GetProperty("device_category").GetString().ShouldBe(expected.Device, key);
        }

        counts.Keys.Order().ShouldBe(expectedCounts.Keys.Order());
        kafka.ReadAll(_topics["LateEvents"]).ShouldBeEmpty("the workload's disorder is within the watermark delay");
        kafka.ReadAll(_topics["DeadLetters"]).ShouldBeEmpty();
    }

    /// <summary>
    /// Reads a result topic until <paramref name="done"/> holds for its latest record per key; fails if two records
    /// with the same key and revision differ (a conflicting re-emission).
    /// </summary>
    private async Task<Dictionary<string, JsonElement>> WaitForAsync(string topic, Func<Dictionary<string, JsonElement>, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var latest = new Dictionary<string, JsonElement>();
            var seen = new Dictionary<(string, int), string>();
            foreach (var record in kafka.ReadAll(topic))
            {
                var value = JsonDocument.Parse(record.Message.Value).RootElement;
                var revision = value.TryGetProperty("revision", out var r) ? r.GetInt32() : 0;
                var key = record.Message.Key!;
                if (value.TryGetProperty("revision", out _) && seen.TryGetValue((key, revision), out var earlier))
                {
                    earlier.ShouldBe(record.Message.Value, $"conflicting re-emission of {key} revision {revision}");
                }

                seen[(key, revision)] = record.Message.Value;
                latest[key] = value;
            }

            if (done(latest))
            {
                return latest;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{topic} has {latest.Count} keys; the expected results did not all arrive within {Patience}");
            }

            await kafka.WaitForProducedAsync(topic, TimeSpan.FromSeconds(2));
        }
    }
}

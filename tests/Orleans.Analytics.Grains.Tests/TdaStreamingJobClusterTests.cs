using System.Text.Json;
using Orleans.Analytics.TestInfrastructure;
using Orleans.TestingHost;

namespace Orleans.Analytics.Grains.Tests;

/// <summary>The streaming TDA job (seed 004) on a TestingHost cluster over the embedded Kafka.</summary>
public sealed class TdaStreamingJobClusterTests(EmbeddedKafkaFixture kafka) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, string> _topics = new()
    {
        ["Events"] = kafka.CreateTopic("tda-events", 2),
        ["Jobs"] = kafka.CreateTopic("tda-jobs", 1),
        ["Results"] = kafka.CreateTopic("tda-results", 1),
        ["Monitoring"] = kafka.CreateTopic("tda-monitoring", 1),
        ["DeadLetters"] = kafka.CreateTopic("tda-dead-letters", 1),
    };

    private TestCluster? _cluster;

    public ValueTask InitializeAsync()
    {
        SharedGrainStorage.Clear();
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
    public async Task A_circle_sent_in_two_events_yields_one_result_with_one_essential_loop()
    {
        _cluster = await StartAsync();
        var circle = TdaPoints.Circle(16);

        // One half on each source topic, without a record key: both reach the stream named by stream_id.
        await kafka.ProduceAsync(_topics["Events"], [(null, TdaPoints.Event("point_cloud_update", "circle", circle[..8]))]);
        await kafka.ProduceAsync(_topics["Jobs"], [(null, TdaPoints.Event("streaming_data", "circle", circle[8..]))]);

        var results = await WaitForAsync(_topics["Results"], r => r.Any(x => x.Key.StartsWith("circle|", StringComparison.Ordinal)));
        var (key, result) = results.Single(x => x.Key.StartsWith("circle|", StringComparison.Ordinal));
        result.TryGetProperty("error", out _).ShouldBeFalse();
        result.GetProperty("betti_numbers").EnumerateArray().Select(b => b.GetInt32()).ShouldBe([1, 1]);
        var pairs = result.GetProperty("persistence_pairs").EnumerateArray().ToList();
        pairs.Count(p => p.GetProperty("dimension").GetInt32() == 1 && p.GetProperty("death").ValueKind == JsonValueKind.Null).ShouldBe(1);
        pairs.Count(p => p.GetProperty("dimension").GetInt32() == 0 && p.GetProperty("death").ValueKind == JsonValueKind.Null).ShouldBe(1);
        result.GetProperty("algorithm").GetString().ShouldBe("vietoris_rips");
        result.GetProperty("num_points").GetInt32().ShouldBe(16);
        result.GetProperty("subsampled").GetBoolean().ShouldBeFalse();
        result.GetProperty("stream_id").GetString().ShouldBe("circle");
        result.GetProperty("computation_time_ms").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
        result.GetProperty("window_metadata").GetProperty("event_count").GetInt32().ShouldBe(2);
        var windowId = result.GetProperty("stream_processing").GetProperty("window_id").GetString();
        key.ShouldBe("circle|" + windowId);

        var metrics = await WaitForAsync(_topics["Monitoring"], r => r.Any(x => x.Key == key));
        var metric = metrics.Single(x => x.Key == key).Value;
        metric.GetProperty("type").GetString().ShouldBe("computation_metrics");
        metric.GetProperty("metrics").GetProperty("num_persistence_pairs").GetInt32().ShouldBe(pairs.Count);
        metric.GetProperty("metrics").GetProperty("window_id").GetString().ShouldBe(windowId);
    }

    [Fact]
    public async Task A_two_point_cloud_is_counted_as_skipped_and_computes_nothing()
    {
        _cluster = await StartAsync();

        await kafka.ProduceAsync(_topics["Events"], [("pair", TdaPoints.Event("point_cloud_update", "pair", [[0.0, 0.0], [1.0, 1.0]]))]);

        await WaitForAsync(_topics["Monitoring"], r => Report(r, "pair") is { } report && report.GetProperty("totals").GetProperty("windows_skipped").GetInt64() == 1);
        var stats = await _cluster.Client.GetGrain<IPointCloudGrain>("pair").GetStatsAsync();
        stats.WindowsSkipped.ShouldBe(1);
        stats.WindowsComputed.ShouldBe(0);
        stats.PointsReceived.ShouldBe(2);
        Read(_topics["Results"]).ShouldNotContain(x => x.Key.StartsWith("pair|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_non_TDA_event_is_filtered_and_bad_points_are_dead_lettered()
    {
        _cluster = await StartAsync();

        await kafka.ProduceAsync(_topics["Events"],
        [
            ("noise", """{"type":"page_view","stream_id":"noise","payload":{"url":"/home"}}"""),
            ("bad", """{"type":"point_cloud_update","stream_id":"bad","payload":{"points":[[0,0],[1,"x"],[2,2]]}}"""),
        ]);

        await WaitForAsync(_topics["Monitoring"], r => Report(r, "noise") is { } report && report.GetProperty("totals").GetProperty("events_filtered").GetInt64() == 1);
        var letters = await WaitForAsync(_topics["DeadLetters"], r => r.Count >= 1);
        var letter = letters.Single().Value;
        letter.GetProperty("error_type").GetString().ShouldBe("VALIDATION_ERROR");
        letter.GetProperty("reason").GetString().ShouldBe("Coordinate 1 of point 1 of 'payload.points' must be a finite number but was a string.");
        (await _cluster.Client.GetGrain<IPointCloudGrain>("noise").GetStatsAsync()).EventsApplied.ShouldBe(0);
        Read(_topics["Results"]).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Subsample")]
    [InlineData("Reject")]
    public async Task A_cloud_above_MaxPoints_is_subsampled_or_rejected_as_configured(string policy)
    {
        _cluster = await StartAsync(new() { ["Tda:MaxPoints"] = "20", ["Tda:OnTooManyPoints"] = policy });

        await kafka.ProduceAsync(_topics["Events"], [("big", TdaPoints.Event("point_cloud_update", "big", TdaPoints.Circle(60)))]);

        var results = await WaitForAsync(_topics["Results"], r => r.Any(x => x.Key.StartsWith("big|", StringComparison.Ordinal)));
        var result = results.Single(x => x.Key.StartsWith("big|", StringComparison.Ordinal)).Value;
        if (policy == "Subsample")
        {
            result.TryGetProperty("error", out _).ShouldBeFalse();
            result.GetProperty("subsampled").GetBoolean().ShouldBeTrue();
            result.GetProperty("num_points").GetInt32().ShouldBe(20);
            result.GetProperty("input_points").GetInt32().ShouldBe(60);
            result.GetProperty("betti_numbers").EnumerateArray().Select(b => b.GetInt32()).ShouldBe([1, 1]);
        }
        else
        {
            result.GetProperty("error").GetBoolean().ShouldBeTrue();
            result.GetProperty("error_type").GetString().ShouldBe("TOO_MANY_POINTS");
            result.GetProperty("error_message").GetString()!.ShouldContain("Tda:MaxPoints = 20");
            result.GetProperty("window_metadata").GetProperty("event_count").GetInt32().ShouldBe(1);
        }
    }

    [Fact]
    public async Task A_count_window_closes_at_its_point_count_with_a_stable_id()
    {
        _cluster = await StartAsync(new() { ["Tda:Window:Type"] = "Count", ["Tda:Window:Count"] = "16" });
        var circle = TdaPoints.Circle(16);

        await kafka.ProduceAsync(_topics["Events"], [("ring", TdaPoints.Event("point_cloud_update", "ring", circle[..10]))]);
        await kafka.ProduceAsync(_topics["Events"], [("ring", TdaPoints.Event("point_cloud_update", "ring", circle[10..]))]);

        var results = await WaitForAsync(_topics["Results"], r => r.Any(x => x.Key == "ring|count-0"));
        var result = results.Single(x => x.Key == "ring|count-0").Value;
        result.GetProperty("betti_numbers").EnumerateArray().Select(b => b.GetInt32()).ShouldBe([1, 1]);
        result.GetProperty("window_metadata").GetProperty("event_count").GetInt32().ShouldBe(2);
    }

    private async Task<TestCluster> StartAsync(Dictionary<string, string>? overrides = null)
    {
        var properties = new Dictionary<string, string>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:ConsumerGroup"] = kafka.UniqueName("tda"),
            ["Tda:Window:Type"] = "Session",
            ["Tda:Window:Gap"] = "00:00:03",
            ["Tda:TimerInterval"] = "00:00:00.200",
            ["Tda:ReportInterval"] = "00:00:01",
            ["Tda:Algorithms:VietorisRips:MaxEdgeLength"] = "1.0",
            ["Tda:Algorithms:VietorisRips:MaxDimension"] = "1",
            ["Tda:Algorithms:VietorisRips:NumThreads"] = "1",
        };
        foreach (var (name, topic) in _topics)
        {
            properties[$"Tda:Topics:{name}"] = topic;
        }

        foreach (var (key, value) in overrides ?? [])
        {
            properties[key] = value;
        }

        return await TestClusters.StartAsync<TdaTestSiloConfigurator>(1, properties);
    }

    private static JsonElement? Report(List<(string Key, JsonElement Value)> records, string streamId) =>
        records.Select(r => r.Value)
            .LastOrDefault(v => v.GetProperty("type").GetString() == "job_report" && v.GetProperty("stream_id").GetString() == streamId) is { ValueKind: JsonValueKind.Object } report
            ? report
            : null;

    private List<(string Key, JsonElement Value)> Read(string topic) =>
        [.. kafka.ReadAll(topic).Select(r => (r.Message.Key ?? string.Empty, JsonDocument.Parse(r.Message.Value).RootElement))];

    private async Task<List<(string Key, JsonElement Value)>> WaitForAsync(string topic, Func<List<(string Key, JsonElement Value)>, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var records = Read(topic);
            if (done(records))
            {
                return records;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{topic} has {records.Count} records; the expected ones did not arrive within {Patience}");
            }

            await kafka.WaitForProducedAsync(topic, TimeSpan.FromSeconds(1));
        }
    }
}

using System.Text.Json;
using Orleans.Analytics.Silo.Hosting;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.EndToEnd.Tests;

/// <summary>The seed-003 event processor in the real silo, over Kafka: every input yields exactly one output or error record.</summary>
public sealed class EventProcessorEndToEndTests(EmbeddedKafkaFixture kafka)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _input = kafka.CreateTopic("input-events", 4);
    private readonly string _output = kafka.CreateTopic("output-results", 4);
    private readonly string _errors = kafka.CreateTopic("error-events", 4);
    private readonly string _deadLetters = kafka.CreateTopic("dead", 1);
    private readonly string _group = kafka.UniqueName("processor");

    private Dictionary<string, string?> Settings() => new()
    {
        ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
        ["Kafka:Topics:DeadLetters"] = _deadLetters,
        // These tests are about the event processor; the analytics and TDA jobs have their own cluster tests.
        ["Jobs:Analytics:Enabled"] = "false",
        ["Tda:Enabled"] = "false",
    };

    private string[] Args() => ["--input-topic", _input, "--output-topic", _output, "--error-topic", _errors, "--consumer-group", _group];

    [Fact]
    public async Task Valid_unparseable_and_invalid_records_each_yield_the_right_record()
    {
        await using var silo = await SiloUnderTest.StartAsync(Settings(), Args());
        var inputs = await kafka.ProduceAsync(_input,
        [
            ("a", """{"id":"e-1","type":"user-action","timestamp":1733328000000,"data":{"action":"click","userId":42}}"""),
            ("b", "this is not valid JSON"),
            ("c", """{"id":"e-3","timestamp":1733328000000}"""),
            ("d", """{"id":"e-4","type":"page-view","timestamp":1733328000001}"""),
        ]);

        var outputs = await WaitForAsync(_output, 2);
        var errors = await WaitForAsync(_errors, 2);

        var byId = outputs.ToDictionary(o => o.Value.GetProperty("originalId").GetString()!);
        byId["e-1"].Value.GetProperty("enrichedData").GetProperty("userId").GetInt32().ShouldBe(42);
        byId["e-1"].Value.GetProperty("eventType").GetString().ShouldBe("user-action");
        byId["e-4"].Value.GetProperty("enrichedData").GetProperty("original_timestamp").GetInt64().ShouldBe(1733328000001);
        var parse = errors.Single(e => e.Value.GetProperty("errorType").GetString() == "PARSE_ERROR");
        parse.Value.GetProperty("rawMessage").GetString().ShouldBe("this is not valid JSON");
        var validation = errors.Single(e => e.Value.GetProperty("errorType").GetString() == "VALIDATION_ERROR");
        validation.Value.GetProperty("errorMessage").GetString().ShouldBe("Missing required field 'type'");

        // Each result is keyed by the origin of its input record.
        var origins = inputs.Select(i => $"{_input}/{i.Partition}/{i.Offset}").Order().ToList();
        outputs.Concat(errors).Select(r => r.Key).Order().ShouldBe(origins);
    }

    [Fact]
    public async Task Metrics_are_exported_for_Prometheus_and_health_endpoints_answer()
    {
        await using var silo = await SiloUnderTest.StartAsync(Settings(), Args());
        await kafka.ProduceAsync(_input, [("a", "this is not valid JSON"), ("b", """{"id":"e","type":"t","timestamp":1}""")]);
        await WaitForAsync(_errors, 1);
        await WaitForAsync(_output, 1);
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };

        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);

        metrics.ShouldContain("orleans_analytics_kafka_records_read_total{");
        metrics.ShouldContain($"topic=\"{_input}\"");
        metrics.ShouldContain("orleans_analytics_kafka_sink_records_total{");
        (await http.GetStringAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken)).ShouldBe("ok");
        using var ready = await http.GetAsync(new Uri("/ready", UriKind.Relative), TestContext.Current.CancellationToken);
        ready.IsSuccessStatusCode.ShouldBeTrue(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Every_input_yields_one_result_across_a_silo_restart()
    {
        var records = Enumerable.Range(0, 1_200)
            .Select(i => ((string?)$"k{i % 37}", i % 10 == 0 ? $"broken {i}" : $$"""{"id":"e-{{i}}","type":"t","timestamp":{{1_700_000_000_000 + i}}}"""))
            .ToList();

        var first = await SiloUnderTest.StartAsync(Settings(), Args());
        var produced = await kafka.ProduceAsync(_input, records.Take(600));
        await WaitForAsync(_output, 100);
        await first.StopAsync();
        await first.DisposeAsync();

        await using var second = await SiloUnderTest.StartAsync(Settings(), Args());
        produced.AddRange(await kafka.ProduceAsync(_input, records.Skip(600)));
        var outputs = await WaitForAsync(_output, 1_080);
        var errors = await WaitForAsync(_errors, 120);

        var keys = outputs.Concat(errors).Select(r => r.Key).ToList();
        keys.Distinct().Order().ShouldBe(produced.Select(p => $"{_input}/{p.Partition}/{p.Offset}").Order());
        // A redelivered record may repeat, but only as the same record under the same key.
        foreach (var group in outputs.Concat(errors).GroupBy(r => r.Key).Where(g => g.Count() > 1))
        {
            group.Select(r => r.Value.GetProperty(r.Value.TryGetProperty("originalId", out _) ? "originalId" : "rawMessage").GetString()).Distinct().Count().ShouldBe(1);
        }
    }

    [Fact]
    public async Task Bad_configuration_stops_start_up_with_every_bad_key_named()
    {
        var settings = Settings();
        settings["Kafka:Partitions"] = "0";
        settings["Jobs:EventProcessor:OutputTopic"] = "not a topic";
        settings["Orleans:Clustering"] = "Carrier-Pigeon";

        var error = await Should.ThrowAsync<SiloConfigurationException>(() => SiloUnderTest.StartAsync(settings));

        error.Message.ShouldContain("Kafka:Partitions is 0; allowed: 1 to 1024.");
        error.Message.ShouldContain("Jobs:EventProcessor:OutputTopic is 'not a topic'");
        error.Message.ShouldContain("Orleans:Clustering is 'Carrier-Pigeon'; allowed: Localhost, AdoNet, Kubernetes.");
    }

    [Fact]
    public async Task A_topic_the_cluster_cannot_create_stops_start_up_naming_the_topic()
    {
        // The embedded Kafka does not serve topic creation requests, like a cluster that forbids them.
        var missing = kafka.UniqueName("missing");
        var settings = Settings();
        settings["Kafka:MetadataTimeout"] = "00:00:03";

        var error = await Should.ThrowAsync<Exception>(() => SiloUnderTest.StartAsync(settings, ["--input-topic", _input, "--output-topic", missing, "--error-topic", _errors]));

        Unwrap(error).ShouldBeOfType<Kafka.KafkaSetupException>().Message.ShouldContain($"could not create topic '{missing}'");
    }

    [Fact]
    public async Task An_unreachable_Kafka_stops_start_up_with_one_message_naming_the_key()
    {
        var settings = Settings();
        settings["Kafka:BootstrapServers"] = "127.0.0.1:1";
        settings["Kafka:MetadataTimeout"] = "00:00:03";

        var error = await Should.ThrowAsync<Exception>(() => SiloUnderTest.StartAsync(settings));

        var setup = Unwrap(error).ShouldBeOfType<Kafka.KafkaSetupException>();
        setup.Message.ShouldContain("Kafka at '127.0.0.1:1' (Kafka:BootstrapServers) could not be reached");
    }

    private static Exception Unwrap(Exception error)
    {
        while (error is AggregateException or OrleansLifecycleCanceledException && error.InnerException is not null)
        {
            error = error.InnerException;
        }

        return error;
    }

    private async Task<List<(string? Key, JsonElement Value)>> WaitForAsync(string topic, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var records = kafka.ReadAll(topic);
            if (records.Select(r => r.Message.Key).Distinct().Count() >= count)
            {
                return [.. records.Select(r => (r.Message.Key, JsonDocument.Parse(r.Message.Value).RootElement))];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{topic} holds {records.Count} records, expected {count}");
            }

            await kafka.WaitForProducedAsync(topic, TimeSpan.FromSeconds(2));
        }
    }
}

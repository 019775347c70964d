using Confluent.Kafka;
using KafkaErrorCode = Confluent.Kafka.ErrorCode;
using Orleans.Analytics.Kafka.Embedded;
using Orleans.Analytics.TestInfrastructure;
using Orleans.TestingHost;

namespace Orleans.Analytics.Grains.Tests.Faults;

/// <summary>
/// Issue 10 §5, a sink that refuses writes for a while, on a two-silo TestingHost cluster with the default
/// <c>Processing</c> settings: results wait (in the key grains' durable outboxes, sent again until Kafka takes them)
/// instead of being lost, and once the sink takes writes again every result arrives, exact and once per key.
/// </summary>
public sealed class SinkOutageTests(EmbeddedKafkaFixture kafka) : IAsyncLifetime
{
    private const short ApiProduce = 0;
    private static readonly long Start = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

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

    private readonly string _probeTopic = kafka.CreateTopic("sink-probe", 1);
    private TestCluster? _cluster;

    public ValueTask InitializeAsync()
    {
        SharedGrainStorage.Clear();
        SharedReminderTable.Clear();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        kafka.Cluster.ClearRequestErrors(ApiProduce);
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Results_held_back_by_a_refusing_sink_all_arrive_afterwards_exact_and_once()
    {
        var events = AnalyticsWorkload.Generate(2_400, users: 24, Start, spanMs: 295_000, maxDisorderMs: 2_000, seed: 20);
        var results = new DefaultWindowResults(kafka, _topics);
        var expectedWindows = ReferenceModel.EventMetrics(events, DefaultWindowResults.MetricsWindow, new HashSet<string> { "page_view", "click", "conversion", "add_to_cart" }).Count;
        _cluster = await StartAsync();

        // Work under way: the first windows are out when the sink starts refusing.
        await kafka.ProduceAsync(_topics["Events"], events.Take(1_200).Select(e => ((string?)e.UserId, e.ToJson())));
        await results.WaitForAsync("EventMetrics", r => r.Count > 0);
        await kafka.ProduceAsync(_topics["Events"], events.Skip(1_200).Select(e => ((string?)e.UserId, e.ToJson())));

        // Every write to any topic is refused with a retriable error, as from brokers short of in-sync replicas, until
        // the test lifts it (the test writes nothing meanwhile but the probe below).
        kafka.Cluster.PushRequestErrors(ApiProduce, [.. Enumerable.Repeat(KafkaErrorCode.NotEnoughReplicas, 50_000)]);
        var clock = _cluster.Client.GetGrain<ITopicClockGrain>(_topics["Events"]);
        var end = Start + DefaultWindowResults.PerformanceWindow;
        await WaitUntilAsync(async () => (await clock.GetWatermarkAsync()).Watermark >= end, "the watermark to pass the end of every window");

        // Every window is due now, yet some results are not out: they wait for the sink, which still refuses.
        results.Records("EventMetrics").Count.ShouldBeLessThan(expectedWindows, "results are held back while the sink refuses writes");
        (await ProbeAsync()).ShouldBe(KafkaErrorCode.NotEnoughReplicas, "the sink still refuses writes while the results are due");

        kafka.Cluster.ClearRequestErrors(ApiProduce);
        await results.AssertExactAsync(events);
        foreach (var topic in new[] { "EventMetrics", "PerformanceMetrics" })
        {
            var duplicates = results.Records(topic).GroupBy(r => r.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            duplicates.ShouldBeEmpty($"each {topic} result is written once");
        }
    }

    // A write that is not retried: what a client sees of the sink right now.
    private async Task<KafkaErrorCode> ProbeAsync()
    {
        NativeKafka.EnsureLoaded();
        using var probe = new ProducerBuilder<string?, string>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            MessageSendMaxRetries = 0,
            MessageTimeoutMs = 30_000,
        }).Build();
        try
        {
            await probe.ProduceAsync(_probeTopic, new Message<string?, string> { Value = "probe" });
            return KafkaErrorCode.NoError;
        }
        catch (ProduceException<string?, string> ex)
        {
            return ex.Error.Code;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var patience = TimeSpan.FromSeconds(180);
        var deadline = DateTime.UtcNow + patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {patience} for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private async Task<TestCluster> StartAsync()
    {
        // The default Processing settings: only the topics are the test's own.
        var properties = new Dictionary<string, string>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:ConsumerGroup"] = kafka.UniqueName("analytics"),
        };
        foreach (var (name, topic) in _topics)
        {
            properties[$"Kafka:Topics:{name}"] = topic;
        }

        return await TestClusters.StartAsync<AnalyticsTestSiloConfigurator>(2, properties);
    }
}

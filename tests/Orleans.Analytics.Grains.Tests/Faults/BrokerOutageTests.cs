using Confluent.Kafka;
using Orleans.Analytics.TestInfrastructure;
using Orleans.TestingHost;

namespace Orleans.Analytics.Grains.Tests.Faults;

/// <summary>
/// Issue 10 §5, every broker down for longer than a consumer's session timeout while producers keep writing, on a
/// two-silo TestingHost cluster with the default <c>Processing</c> settings: nothing is lost, the pipeline catches up
/// once the brokers are back, and every window is exact.
/// </summary>
/// <remarks>
/// The silos' consumers take the partitions Orleans' queue balancer assigns them (manual assignment): they are in
/// no consumer group session, send no heartbeats and are never expelled, so librdkafka's <c>session.timeout.ms</c>
/// (45 s by default) bounds nothing here. What an outage that long tests is everything else that waits on Kafka: the
/// fetches and commits that fail and are retried, the producers that buffer (up to <c>message.timeout.ms</c>, 5 min by
/// default), and the watermark, which must not treat a partition it cannot reach as idle.
/// </remarks>
public sealed class BrokerOutageTests(EmbeddedKafkaFixture kafka) : IAsyncLifetime
{
    private const string Read = "orleans_analytics.kafka.records.read";
    private const string CommitFailures = "orleans_analytics.kafka.commit.failures";

    /// <summary>Longer than librdkafka's default <c>session.timeout.ms</c> (45 s).</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(50);

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

    private readonly MeterTotals _meters = new(Read, CommitFailures);
    private TestCluster? _cluster;

    public ValueTask InitializeAsync()
    {
        SharedGrainStorage.Clear();
        SharedReminderTable.Clear();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        kafka.Cluster.SetBrokersUp();
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }

        _meters.Dispose();
    }

    [Fact]
    public async Task Brokers_down_longer_than_a_session_timeout_while_producers_write_lose_nothing()
    {
        var events = AnalyticsWorkload.Generate(3_000, users: 24, Start, spanMs: 295_000, maxDisorderMs: 2_000, seed: 30);
        _cluster = await StartAsync();

        using var producer = kafka.CreateProducer();
        var deliveries = new List<Task<DeliveryResult<string?, string>>>();
        using var writing = new CancellationTokenSource();
        var produced = 0;

        // The producer keeps writing at a steady pace, before, during and after the outage.
        var pacer = Task.Run(async () =>
        {
            foreach (var chunk in events.Chunk(15))
            {
                foreach (var e in chunk)
                {
                    lock (deliveries)
                    {
                        deliveries.Add(producer.ProduceAsync(_topics["Events"], new Message<string?, string> { Key = e.UserId, Value = e.ToJson() }));
                    }
                }

                Interlocked.Add(ref produced, chunk.Length);
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        });

        await WaitUntilAsync(() => _meters.Total(Read, _topics["Events"]) >= 400, "records to be read before the outage");
        kafka.Cluster.SetBrokersDown();
        var producedAtDown = Volatile.Read(ref produced);
        var readAtDown = _meters.Total(Read, _topics["Events"]);
        var commitFailuresAtDown = _meters.Total(CommitFailures, string.Empty);

        // The outage is the test's subject: it lasts this long whatever the machine does.
        await Task.Delay(Outage);
        var producedDuring = Volatile.Read(ref produced) - producedAtDown;
        List<Task<DeliveryResult<string?, string>>> pending;
        lock (deliveries)
        {
            pending = [.. deliveries.Skip(producedAtDown)];
        }

        kafka.Cluster.SetBrokersUp();
        producedDuring.ShouldBeGreaterThan(0, "the producer kept writing during the outage");
        pending.Count(d => d.IsCompleted).ShouldBe(0, "nothing written during the outage reached Kafka before it ended");
        readAtDown.ShouldBeLessThan(events.Count, "the outage began mid-stream");
        _meters.Total(CommitFailures, string.Empty).ShouldBeGreaterThan(commitFailuresAtDown, "commits failed during the outage");

        await pacer;
        List<Task<DeliveryResult<string?, string>>> all;
        lock (deliveries)
        {
            all = [.. deliveries];
        }

        (await Task.WhenAll(all)).Length.ShouldBe(events.Count);
        await new DefaultWindowResults(kafka, _topics).AssertExactAsync(events);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var patience = TimeSpan.FromSeconds(180);
        var deadline = DateTime.UtcNow + patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {patience} for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
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

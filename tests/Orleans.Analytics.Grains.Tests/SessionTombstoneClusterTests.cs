using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using Orleans.Analytics.TestInfrastructure;
using Orleans.TestingHost;

namespace Orleans.Analytics.Grains.Tests;

/// <summary>
/// Late records within <c>Processing:AllowedLateness</c> that supersede emitted sessions, on a two-silo TestingHost
/// cluster over the embedded Kafka: <c>session_metrics</c> gets a tombstone for each superseded key, and a consumer
/// keeping the latest non-tombstone record per key holds exactly the reference model's sessions.
/// </summary>
public sealed class SessionTombstoneClusterTests(EmbeddedKafkaFixture kafka) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);
    private static readonly long Start = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const long SessionGap = 8_000;

    private readonly Dictionary<string, string> _topics = new()
    {
        ["Events"] = kafka.CreateTopic("analytics-events", 4),
        ["EventMetrics"] = kafka.CreateTopic("event-metrics", 1),
        ["SessionMetrics"] = kafka.CreateTopic("session-metrics", 2),
        ["PerformanceMetrics"] = kafka.CreateTopic("performance-metrics", 1),
        ["ProcessingMetrics"] = kafka.CreateTopic("processing-metrics", 1),
        ["LateEvents"] = kafka.CreateTopic("late-events", 1),
        ["DeadLetters"] = kafka.CreateTopic("dead-letters", 1),
    };

    private readonly TombstoneCounter _tombstones = new();
    private TestCluster? _cluster;

    public ValueTask InitializeAsync()
    {
        SharedGrainStorage.Clear();
        SharedReminderTable.Clear();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _tombstones.Dispose();
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_late_event_bridging_two_emitted_sessions_tombstones_the_later_session_key()
    {
        // Sessions [0 s, 9 s) and [12 s, 21 s); the record at 60 s takes the watermark past both.
        List<WorkloadEvent> events = [Event(0, 0), Event(1, 1), Event(2, 12), Event(3, 13), Event(4, 60)];
        _cluster = await StartAsync();
        await ProduceAsync(events);
        await WaitForSessionsAsync(table => table.ContainsKey(Key(0)) && table.ContainsKey(Key(12)));

        // [6 s, 14 s) overlaps both: one session from 0 s.
        var bridge = Event(5, 6);
        events.Add(bridge);
        await ProduceAsync([bridge]);

        var (table, tombstones) = await WaitForSessionsAsync(ReferenceModel.Sessions(events, SessionGap), expectedTombstones: 1);
        tombstones.ShouldBe([Key(12)]);
        table[Key(0)].GetProperty("event_count").GetInt64().ShouldBe(5);
        table[Key(0)].GetProperty("revision").GetInt32().ShouldBe(1);
        kafka.ReadAll(_topics["LateEvents"]).ShouldBeEmpty("the bridging record is within the allowed lateness");
    }

    [Fact]
    public async Task A_late_event_moving_an_emitted_session_start_earlier_tombstones_its_old_key()
    {
        // Session [10 s, 19 s); the record at 60 s takes the watermark past it.
        List<WorkloadEvent> events = [Event(0, 10), Event(1, 11), Event(2, 60)];
        _cluster = await StartAsync();
        await ProduceAsync(events);
        await WaitForSessionsAsync(table => table.ContainsKey(Key(10)));

        // 4 s is less than a gap before 10 s: the session now starts at 4 s, and so has a new key.
        var earlier = Event(3, 4);
        events.Add(earlier);
        await ProduceAsync([earlier]);

        var (table, tombstones) = await WaitForSessionsAsync(ReferenceModel.Sessions(events, SessionGap), expectedTombstones: 1);
        tombstones.ShouldBe([Key(10)]);
        table[Key(4)].GetProperty("event_count").GetInt64().ShouldBe(3);
        table[Key(4)].GetProperty("session_start").GetString().ShouldBe(Iso(Start + 4_000));
        table[Key(4)].GetProperty("revision").GetInt32().ShouldBe(1, "the session's revisions carry on under its new key");
        kafka.ReadAll(_topics["LateEvents"]).ShouldBeEmpty("the record is within the allowed lateness");
    }

    private static WorkloadEvent Event(int n, int second) => new(
        $"t-{n}", Start + (second * 1_000L), "user-t", $"s-{n}", n % 2 == 0 ? "page_view" : "click", "/", "desktop",
        "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0", null);

    private static string Key(int second) => $"user-t|{Iso(Start + (second * 1_000L))}";

    private static string Iso(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private async Task<TestCluster> StartAsync()
    {
        var properties = new Dictionary<string, string>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:ConsumerGroup"] = kafka.UniqueName("tombstones"),
            ["Processing:WatermarkDelay"] = "00:00:03",
            ["Processing:SessionGap"] = TimeSpan.FromMilliseconds(SessionGap).ToString("c", CultureInfo.InvariantCulture),
            // Long enough that the emitted sessions are still held when the late record arrives, however slow the machine.
            ["Processing:AllowedLateness"] = "00:10:00",
            ["Processing:TimerInterval"] = "00:00:00.200",
            ["Processing:RecoveryInterval"] = "00:00:02",
        };
        foreach (var (name, topic) in _topics)
        {
            properties[$"Kafka:Topics:{name}"] = topic;
        }

        return await TestClusters.StartAsync<AnalyticsTestSiloConfigurator>(2, properties);
    }

    private Task ProduceAsync(IEnumerable<WorkloadEvent> events) =>
        kafka.ProduceAsync(_topics["Events"], events.Select(e => ((string?)e.UserId, e.ToJson())));

    /// <summary>
    /// Waits until the consumer table of <c>session_metrics</c> (the latest record per key, a key dropped on its
    /// tombstone) holds exactly the expected sessions and the silos counted the tombstones, then checks their content.
    /// </summary>
    private async Task<(Dictionary<string, JsonElement> Table, List<string> Tombstones)> WaitForSessionsAsync(
        Dictionary<string, (long Events, long PageViews, long Clicks, long Conversions, string SessionId, string Device)> expected,
        int expectedTombstones)
    {
        var (table, tombstones) = await WaitForSessionsAsync(
            t => t.Keys.Order().SequenceEqual(expected.Keys.Order())
                && expected.All(e => t[e.Key].GetProperty("event_count").GetInt64() == e.Value.Events)
                && _tombstones.Total >= expectedTombstones);

        foreach (var (key, session) in expected)
        {
            var actual = table[key];
            actual.GetProperty("page_views").GetInt64().ShouldBe(session.PageViews, key);
            actual.GetProperty("clicks").GetInt64().ShouldBe(session.Clicks, key);
            actual.GetProperty("session_id").GetString().ShouldBe(session.SessionId, key);
            actual.GetProperty("device_category").GetString().ShouldBe(session.Device, key);
        }

        _tombstones.Total.ShouldBe(expectedTombstones, "orleans_analytics.job.tombstones counts each tombstone once");
        return (table, tombstones);
    }

    private async Task<(Dictionary<string, JsonElement> Table, List<string> Tombstones)> WaitForSessionsAsync(Func<Dictionary<string, JsonElement>, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var table = new Dictionary<string, JsonElement>();
            var tombstones = new List<string>();
            foreach (var record in kafka.ReadAll(_topics["SessionMetrics"]))
            {
                var key = record.Message.Key.ShouldNotBeNull();
                if (record.Message.Value is null)
                {
                    table.Remove(key).ShouldBeTrue($"the tombstone for {key} follows a record under that key");
                    tombstones.Add(key);
                }
                else
                {
                    table[key] = JsonDocument.Parse(record.Message.Value).RootElement;
                }
            }

            if (done(table))
            {
                return (table, tombstones);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"session_metrics holds {string.Join(", ", table.Keys)} and {tombstones.Count} tombstones; the expected sessions did not arrive within {Patience}");
            }

            await kafka.WaitForProducedAsync(_topics["SessionMetrics"], TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>Totals <c>orleans_analytics.job.tombstones</c> for the session tracker across the in-process silos.</summary>
    private sealed class TombstoneCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public TombstoneCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Orleans.Analytics" && instrument.Name == "orleans_analytics.job.tombstones")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "job" && Equals(tag.Value, "session-tracker"))
                    {
                        Interlocked.Add(ref _total, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}

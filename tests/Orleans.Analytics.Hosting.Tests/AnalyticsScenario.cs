using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Orleans.Analytics.Grains.Tests;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>
/// The analytics jobs over the embedded Kafka with their own topics (created up front: the embedded Kafka does not
/// serve topic creation), a generated workload and its reference results, and a reader that checks what the jobs
/// wrote: per key the latest record, and no key written twice with different content for the same revision.
/// </summary>
internal sealed class AnalyticsScenario(EmbeddedKafkaFixture kafka)
{
    public static readonly long Start = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    public const int EventPartitions = 4;
    private const long MetricsWindow = 10_000;
    private const long SessionGap = 8_000;
    private static readonly HashSet<string> Allowed = ["page_view", "click", "conversion", "add_to_cart"];

    public Dictionary<string, string> Topics { get; } = new()
    {
        ["Events"] = kafka.CreateTopic("analytics-events", EventPartitions),
        ["EventMetrics"] = kafka.CreateTopic("event-metrics", 2),
        ["SessionMetrics"] = kafka.CreateTopic("session-metrics", 2),
        ["PerformanceMetrics"] = kafka.CreateTopic("performance-metrics", 2),
        ["ProcessingMetrics"] = kafka.CreateTopic("processing-metrics", 2),
        ["LateEvents"] = kafka.CreateTopic("late-events", 1),
        ["DeadLetters"] = kafka.CreateTopic("dead-letters", 1),
    };

    // The event_metrics keys of windows that records within the allowed lateness updated after they were emitted.
    private readonly HashSet<string> _revised = new(StringComparer.Ordinal);

    // Where each produced event landed (partition, offset), by event id.
    private readonly ConcurrentDictionary<string, (int Partition, long Offset)> _positions = new(StringComparer.Ordinal);

    // Records produced to the events topic that are not events, by position: each must get exactly one dead letter.
    private readonly ConcurrentDictionary<(int Partition, long Offset), string> _bad = new();
    private int _badProduced;

    public string ConsumerGroup { get; } = kafka.UniqueName("analytics");

    /// <summary>
    /// The silo's configuration for this scenario with every guarantee-bearing <c>Processing</c> setting at its default
    /// (watermark delay, idle timeout, allowed lateness, checkpoint interval, mini-batch, timers), and the Kafka commit interval too. Only the jobs' shape
    /// is set: 10 s metric windows and an 8 s session gap, so that the workload's 150 s hold many windows and sessions.
    /// </summary>
    public Dictionary<string, string?> DefaultSettings(string connectionString, string clusterId)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:ConsumerGroup"] = ConsumerGroup,
            ["Orleans:Clustering"] = "AdoNet",
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = clusterId,
            ["Storage:Provider"] = "AdoNet",
            ["Storage:ConnectionString"] = connectionString,
            ["Demo:Enabled"] = "false",
            ["Tda:Enabled"] = "false",
            ["Jobs:EventProcessor:Enabled"] = "false",
            ["Processing:MetricsWindowSize"] = TimeSpan.FromMilliseconds(MetricsWindow).ToString("c", CultureInfo.InvariantCulture),
            ["Processing:SessionGap"] = TimeSpan.FromMilliseconds(SessionGap).ToString("c", CultureInfo.InvariantCulture),
        };
        foreach (var (name, topic) in Topics)
        {
            settings[$"Kafka:Topics:{name}"] = topic;
        }

        return settings;
    }

    public static List<WorkloadEvent> Workload(int count, int seed) =>
        AnalyticsWorkload.Generate(count, users: 24, Start, spanMs: 150_000, maxDisorderMs: 2_000, seed);

    public async Task ProduceAsync(IEnumerable<WorkloadEvent> events)
    {
        var produced = events.ToList();
        var positions = await kafka.ProduceAsync(Topics["Events"], produced.Select(e => ((string?)e.UserId, e.ToJson())));
        for (var i = 0; i < produced.Count; i++)
        {
            _positions[produced[i].EventId] = (positions[i].Partition, positions[i].Offset);
        }
    }

    /// <summary>
    /// Waits until event_metrics and session_metrics hold what the reference model computes, then checks every value:
    /// per key the latest record (a tombstone removes its key), every window at revision 0 and no late record.
    /// </summary>
    public Task AssertResultsAsync(List<WorkloadEvent> events, DateTime deadline, Func<string> diagnostics) =>
        AssertResultsAsync(events, tooLate: [], deadline, diagnostics);

    /// <summary>
    /// As <see cref="AssertResultsAsync(List{WorkloadEvent}, DateTime, Func{string})"/> for a workload with late
    /// records: the model leaves out <paramref name="tooLate"/> (each of which must be on the late-events topic, and no
    /// other event), and a window that a record within the allowed lateness updated must have a revision above 0.
    /// </summary>
    public async Task AssertResultsAsync(List<WorkloadEvent> events, IReadOnlyCollection<WorkloadEvent> tooLate, DateTime deadline, Func<string> diagnostics)
    {
        var tooLateIds = tooLate.Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        var counted = events.Where(e => !tooLateIds.Contains(e.EventId)).ToList();
        var expectedMetrics = ReferenceModel.EventMetrics(counted, MetricsWindow, Allowed);
        var expectedSessions = ReferenceModel.Sessions(counted, SessionGap);

        var metrics = await WaitForAsync("EventMetrics", r => expectedMetrics.All(e => r.TryGetValue(e.Key, out var v) && v.GetProperty("event_count").GetInt64() >= e.Value.Count), deadline, () =>
        {
            var latest = Latest("EventMetrics");
            var written = kafka.ReadAll(Topics["EventMetrics"]).GroupBy(r => r.Message.Key!).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(r => $"{r.Message.Timestamp.UtcDateTime:HH:mm:ss.fff}")));
            var wrong = expectedMetrics.Where(e => !latest.TryGetValue(e.Key, out var v) || v.GetProperty("event_count").GetInt64() != e.Value.Count)
                .Select(e => $"{e.Key}: expected {e.Value.Count}, got {(latest.TryGetValue(e.Key, out var v) ? v.GetProperty("event_count").GetInt64().ToString(CultureInfo.InvariantCulture) : "none")} written at {written.GetValueOrDefault(e.Key)}");
            var late = kafka.ReadAll(Topics["LateEvents"]);
            var lateText = string.Join("; ", late.Take(5).Select(r => r.Message.Value));
            return $"Windows not as expected: {string.Join("; ", wrong)}{Environment.NewLine}{late.Count} late events: {lateText}{Environment.NewLine}{diagnostics()}";
        });
        var sessions = await WaitForAsync(
            "SessionMetrics",
            r => r.Count == expectedSessions.Count && expectedSessions.All(e => r.TryGetValue(e.Key, out var v) && v.GetProperty("event_count").GetInt64() >= e.Value.Events),
            deadline,
            () => $"Sessions not as expected: missing {string.Join(", ", expectedSessions.Keys.Except(Latest("SessionMetrics").Keys))}; not in the model {string.Join(", ", Latest("SessionMetrics").Keys.Except(expectedSessions.Keys))}{Environment.NewLine}{diagnostics()}");

        metrics.Keys.Order().ShouldBe(expectedMetrics.Keys.Order());
        foreach (var (key, (count, users)) in expectedMetrics)
        {
            metrics[key].GetProperty("event_count").GetInt64().ShouldBe(count, key);
            metrics[key].GetProperty("unique_users").GetInt32().ShouldBe(users, key);
            var revision = metrics[key].GetProperty("revision").GetInt32();
            if (_revised.Contains(key))
            {
                revision.ShouldBeGreaterThan(0, $"{key} was updated by a record within the allowed lateness");
            }
            else
            {
                revision.ShouldBe(0, key);
            }
        }

        sessions.Keys.Order().ShouldBe(expectedSessions.Keys.Order());
        foreach (var (key, expected) in expectedSessions)
        {
            var actual = sessions[key];
            actual.GetProperty("event_count").GetInt64().ShouldBe(expected.Events, key);
            actual.GetProperty("page_views").GetInt64().ShouldBe(expected.PageViews, key);
            actual.GetProperty("clicks").GetInt64().ShouldBe(expected.Clicks, key);
            actual.GetProperty("conversions").GetInt64().ShouldBe(expected.Conversions, key);
            actual.GetProperty("session_id").GetString().ShouldBe(expected.SessionId, key);
            actual.GetProperty("device_category").GetString().ShouldBe(expected.Device, key);
        }

        // Each record too late for its windows is on the late-events topic (for each job; a replay may repeat it under
        // the same key), and no other record is.
        var lateOrigins = kafka.ReadAll(Topics["LateEvents"])
            .Select(r => JsonDocument.Parse(r.Message.Value).RootElement)
            .Select(v => (v.GetProperty("partition").GetInt32(), v.GetProperty("offset").GetInt64()))
            .ToHashSet();
        lateOrigins.Order().ShouldBe(tooLate.Select(e => _positions[e.EventId]).Order(), "the late-events topic holds exactly the records too late for their windows");

        // Exactly one dead letter per record that is not an event (a replay or a new owner writes none again), no other.
        var deadLetters = DeadLetterOrigins();
        while (deadLetters.Count < _bad.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, TestContext.Current.CancellationToken);
            deadLetters = DeadLetterOrigins();
        }

        deadLetters.Order().ShouldBe(_bad.Keys.Order(), "one dead letter per bad record: " + string.Join(", ", deadLetters.GroupBy(o => o).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}")));

    }

    /// <summary>Produces <paramref name="count"/> records that are not events (not JSON, not an object, required fields missing), spread over the partitions.</summary>
    public async Task ProduceBadAsync(int count)
    {
        string[] kinds = ["{not json", "[1,2,3]", "\"just a string\"", "{\"event_type\":\"click\"}", "{\"event_id\":\"e\",\"user_id\":\"u\",\"event_type\":\"click\",\"event_time\":\"yesterday\"}"];
        var first = Interlocked.Add(ref _badProduced, count) - count;
        var records = Enumerable.Range(first, count).Select(i => ((string?)$"bad-{Guid.NewGuid():N}", kinds[i % kinds.Length])).ToList();
        var positions = await kafka.ProduceAsync(Topics["Events"], records);
        for (var i = 0; i < positions.Count; i++)
        {
            _bad[(positions[i].Partition, positions[i].Offset)] = records[i].Item2;
        }
    }

    /// <summary>The origins (partition, offset in the events topic) of every record on the dead-letter topic, repeats included.</summary>
    public List<(int Partition, long Offset)> DeadLetterOrigins() =>
        [.. kafka.ReadAll(Topics["DeadLetters"]).Select(r =>
        {
            var parts = r.Message.Key!.Split('/');
            return (int.Parse(parts[^2], CultureInfo.InvariantCulture), long.Parse(parts[^1], CultureInfo.InvariantCulture));
        })];

    /// <summary>
    /// The dead letters on <paramref name="partitions"/> of records the consumer group has not committed: written after
    /// the partition's last commit, so the next owner reads those records again.
    /// </summary>
    public int DeadLettersBeyondCommit(IReadOnlyCollection<int> partitions)
    {
        var committed = CommittedEventOffsets();
        return DeadLetterOrigins().Count(o => partitions.Contains(o.Partition) && o.Offset >= Math.Max(0, committed.GetValueOrDefault(o.Partition, -1)));
    }

    /// <summary>The event_metrics keys of the windows <paramref name="events"/> fall into.</summary>
    public static IReadOnlyCollection<string> MetricsKeys(IEnumerable<WorkloadEvent> events) =>
        ReferenceModel.EventMetrics(events, MetricsWindow, Allowed).Keys;

    /// <summary>Notes that <paramref name="late"/> arrived after their windows were emitted, within the allowed lateness.</summary>
    public void ExpectRevisions(IEnumerable<WorkloadEvent> late)
    {
        foreach (var e in late.Where(e => Allowed.Contains(e.Type)))
        {
            _revised.Add(ReferenceModel.EventMetrics([e], MetricsWindow, Allowed).Keys.Single());
        }
    }

    /// <summary>
    /// The latest window start among the event_metrics records written so far (from their keys,
    /// <c>event_type|window_start</c>), or <see cref="DateTimeOffset.MinValue"/> when none is.
    /// </summary>
    public DateTimeOffset LastWindowStart() =>
        kafka.ReadAll(Topics["EventMetrics"])
            .Where(r => r.Message.Key is not null)
            .Select(r => DateTimeOffset.Parse(r.Message.Key![(r.Message.Key!.IndexOf('|', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(DateTimeOffset.MinValue)
            .Max();

    /// <summary>The offsets the scenario's consumer group committed on the events topic, per partition.</summary>
    public Dictionary<int, long> CommittedEventOffsets() => kafka.CommittedOffsets(ConsumerGroup, Topics["Events"], EventPartitions);

    private Dictionary<string, JsonElement> Latest(string topicName)
    {
        var latest = new Dictionary<string, JsonElement>();
        foreach (var record in kafka.ReadAll(Topics[topicName]))
        {
            if (record.Message.Value is null)
            {
                latest.Remove(record.Message.Key!);
            }
            else
            {
                latest[record.Message.Key!] = JsonDocument.Parse(record.Message.Value).RootElement;
            }
        }

        return latest;
    }

    /// <summary>
    /// Reads a result topic until <paramref name="done"/> holds for its latest record per key; fails at once if a key
    /// was written twice with different content for the same revision (a conflicting re-emission).
    /// </summary>
    public async Task<Dictionary<string, JsonElement>> WaitForAsync(string topicName, Func<Dictionary<string, JsonElement>, bool> done, DateTime deadline, Func<string> diagnostics)
    {
        var topic = Topics[topicName];
        while (true)
        {
            var latest = new Dictionary<string, JsonElement>();
            var seen = new Dictionary<(string, int), string>();
            foreach (var record in kafka.ReadAll(topic))
            {
                var key = record.Message.Key!;
                if (record.Message.Value is null)
                {
                    // A tombstone: the key's result was superseded (a session merged into another).
                    latest.Remove(key);
                    continue;
                }

                var value = JsonDocument.Parse(record.Message.Value).RootElement;
                var revision = value.TryGetProperty("revision", out var r) ? r.GetInt32() : 0;
                if (seen.TryGetValue((key, revision), out var earlier))
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
                throw new TimeoutException($"{topic} has {latest.Count} keys; the expected results did not all arrive in time.{Environment.NewLine}{diagnostics()}");
            }

            await kafka.WaitForProducedAsync(topic, TimeSpan.FromSeconds(1));
        }
    }
}

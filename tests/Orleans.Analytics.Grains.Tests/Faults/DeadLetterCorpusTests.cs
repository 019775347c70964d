using System.Text.Json;
using Confluent.Kafka;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.TestInfrastructure;
using Orleans.TestingHost;

namespace Orleans.Analytics.Grains.Tests.Faults;

/// <summary>
/// Issue 10 §3 on a three-silo TestingHost cluster with the default <c>Processing</c> settings: every bad
/// <c>analytics_events</c> record yields exactly one dead letter naming its origin, error type and what was wrong,
/// also when its batch is read again; valid events around them give exact windows; a dead letter that cannot be
/// written holds its partition's commit.
/// </summary>
public sealed class DeadLetterCorpusTests(EmbeddedKafkaFixture kafka) : IAsyncLifetime
{
    private const string DeadLettered = "orleans_analytics.kafka.records.dead_lettered";
    private const string Read = "orleans_analytics.kafka.records.read";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    // Five minutes of event time in one performance window, so the last windows close soon after the stream ends.
    private static readonly long Start = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly Dictionary<string, string> _topics = new()
    {
        ["Events"] = kafka.CreateTopic("analytics-events", 4),
        ["EventMetrics"] = kafka.CreateTopic("event-metrics", 2),
        ["SessionMetrics"] = kafka.CreateTopic("session-metrics", 2),
        ["PerformanceMetrics"] = kafka.CreateTopic("performance-metrics", 2),
        ["ProcessingMetrics"] = kafka.CreateTopic("processing-metrics", 2),
        ["LateEvents"] = kafka.CreateTopic("late-events", 1),
        ["DeadLetters"] = kafka.CreateTopic("dead-letters", 2),
    };

    private readonly string _group = kafka.UniqueName("analytics");
    private readonly MeterTotals _meters = new(DeadLettered, Read);
    private TestCluster? _cluster;

    public ValueTask InitializeAsync()
    {
        foreach (var (name, topic) in _topics)
        {
            kafka.Cluster.SetLeader(topic, name == "Events" ? 4 : name is "LateEvents" ? 1 : 2, name == "DeadLetters" ? DeadLetterBroker : 1);
        }

        kafka.Cluster.SetGroupCoordinator(_group, 1);
        SharedGrainStorage.Clear();
        SharedReminderTable.Clear();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        kafka.Cluster.SetBrokersUp(DeadLetterBroker);
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }

        _meters.Dispose();
    }

    // The source and result topics and the group's offsets live on broker 1, the dead letters on broker 2.
    private const int DeadLetterBroker = 2;
    private const int WarmUp = 4;

    [Fact]
    public async Task Every_bad_record_is_dead_lettered_once_also_when_its_batch_is_read_again()
    {
        var events = AnalyticsWorkload.Generate(2_400, users: 24, Start, spanMs: 295_000, maxDisorderMs: 2_000, seed: 10);
        var corpus = BadAnalyticsRecords.All(Start + 1_000);
        corpus.Count.ShouldBeGreaterThanOrEqualTo(25);

        // The bad records go among the first 1,000 valid events, each keyed by a user (so spread over the partitions).
        var random = new Random(10);
        List<(int Partition, long Offset)> positions;
        var records = events.Select(e => (Bad: (BadAnalyticsRecord?)null, Record: new RawRecord(e.UserId, System.Text.Encoding.UTF8.GetBytes(e.ToJson())))).ToList();
        foreach (var bad in corpus)
        {
            records.Insert(random.Next(1, 1_000), (bad, new RawRecord($"user-{random.Next(24)}", bad.Value)));
        }

        _cluster = await StartAsync();
        using var producer = RawRecords.CreateProducer(kafka.BootstrapServers);
        await WarmUpAsync(producer);

        // The dead-letter topic's broker goes down: dead letters stay in flight and hold their partitions' commits,
        // so a rewind reads their records again while they are still being sent.
        kafka.Cluster.SetBrokersDown(DeadLetterBroker);
        positions = await RawRecords.ProduceAsync(producer, _topics["Events"], records.Select(r => r.Record));
        var origins = records.Zip(positions).Where(p => p.First.Bad is not null)
            .ToDictionary(p => KafkaRecord.OriginOf(_topics["Events"], p.Second.Partition, p.Second.Offset), p => (p.First.Bad!, p.Second.Partition, p.Second.Offset));

        await WaitUntilAsync(() => _meters.Total(Read, _topics["Events"]) >= WarmUp + records.Count, "every record to be read");
        var committed = kafka.CommittedOffsets(_group, _topics["Events"], 4);
        var uncommitted = origins.Values.Count(o => committed[o.Partition] <= o.Offset);
        uncommitted.ShouldBe(origins.Count, "no bad record is committed while its dead letter is unwritten");

        // What a key grain that lost state does: the topic's clock moves to a new epoch and every reader rewinds to
        // its committed offset, reading the bad records (and the valid ones after them) again.
        var clock = _cluster.Client.GetGrain<ITopicClockGrain>(_topics["Events"]);
        var epoch = (await clock.GetWatermarkAsync()).Epoch;
        await clock.RewindAsync(epoch, "test: a key grain lost state");
        await WaitUntilAsync(() => _meters.Total(Read, _topics["Events"]) >= WarmUp + records.Count + uncommitted, "the rewound partitions to be read again");
        _meters.Total(DeadLettered, _topics["Events"]).ShouldBe(0, "no dead letter got through during the fault");

        kafka.Cluster.SetBrokersUp(DeadLetterBroker);
        await new DefaultWindowResults(kafka, _topics) { Patience = Patience }.AssertExactAsync([.. WarmUpEvents, .. events]);
        await WaitForDeadLettersAsync(origins.Count);
        _meters.Total(Read, _topics["Events"]).ShouldBeGreaterThan(WarmUp + records.Count, "records were read again after the rewind");

        var letters = kafka.ReadAll(_topics["DeadLetters"]);
        AssertOnePerOrigin(letters, origins);
        _meters.Total(DeadLettered, _topics["Events"]).ShouldBe(origins.Count);
    }

    [Fact]
    public async Task A_dead_letter_that_cannot_be_written_holds_the_commit_of_its_partition()
    {
        var events = AnalyticsWorkload.Generate(400, users: 8, Start, spanMs: 60_000, maxDisorderMs: 2_000, seed: 11);
        var bad = BadAnalyticsRecords.All(Start).Single(b => b.Kind == "700 KB that is not JSON");

        // Partition 0: valid events, one bad record in the middle. Partition 1: valid events only.
        List<RawRecord> partition0 = [.. events.Take(100).Select(e => Raw(e, 0)), new RawRecord("user-1", bad.Value, 0), .. events.Skip(100).Take(100).Select(e => Raw(e, 0))];
        List<RawRecord> partition1 = [.. events.Skip(200).Select(e => Raw(e, 1))];
        _cluster = await StartAsync();
        using var producer = RawRecords.CreateProducer(kafka.BootstrapServers);
        await WarmUpAsync(producer);
        kafka.Cluster.SetBrokersDown(DeadLetterBroker);
        var positions = await RawRecords.ProduceAsync(producer, _topics["Events"], partition0.Concat(partition1));
        var badOffset = positions[100].Offset;

        await WaitUntilAsync(() => _meters.Total(Read, _topics["Events"]) >= WarmUp + positions.Count, "every record to be read");
        var end1 = positions.Where(p => p.Partition == 1).Max(p => p.Offset) + 1;
        await WaitUntilAsync(() => kafka.CommittedOffsets(_group, _topics["Events"], 4)[1] == end1, "partition 1 to be committed to its end");
        var during = kafka.CommittedOffsets(_group, _topics["Events"], 4);
        during[0].ShouldBeLessThanOrEqualTo(badOffset, "the bad record's offset is not committed while its dead letter is unwritten");
        _meters.Total(DeadLettered, _topics["Events"]).ShouldBe(0, "no dead letter got through during the fault");

        kafka.Cluster.SetBrokersUp(DeadLetterBroker);
        var end0 = positions.Where(p => p.Partition == 0).Max(p => p.Offset) + 1;
        await WaitUntilAsync(() => kafka.CommittedOffsets(_group, _topics["Events"], 4)[0] == end0, "partition 0 to be committed to its end");
        var letters = kafka.ReadAll(_topics["DeadLetters"]);
        var origin = KafkaRecord.OriginOf(_topics["Events"], 0, badOffset);
        AssertOnePerOrigin(letters, new Dictionary<string, (BadAnalyticsRecord, int, long)> { [origin] = (bad, 0, badOffset) });
        _meters.Total(DeadLettered, _topics["Events"]).ShouldBe(1);
    }

    // One event per partition before any fault: every partition has a reader that has checkpointed, so no
    // partition changes hands (as silos join) while the fault lasts.
    private static readonly List<WorkloadEvent> WarmUpEvents =
        [.. Enumerable.Range(0, WarmUp).Select(p => new WorkloadEvent($"warm-{p}", Start + p, $"user-{p}", $"s-{p}-0", "page_view", "/", "desktop", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0", 100 + p))];

    private async Task WarmUpAsync(IProducer<string?, byte[]?> producer)
    {
        await RawRecords.ProduceAsync(producer, _topics["Events"], WarmUpEvents.Select((e, p) => Raw(e, p)));
        await WaitUntilAsync(() => kafka.CommittedOffsets(_group, _topics["Events"], 4).Values.All(o => o >= 1), "every partition to be read and checkpointed");
    }

    private static RawRecord Raw(WorkloadEvent e, int partition) => new(e.UserId, System.Text.Encoding.UTF8.GetBytes(e.ToJson()), partition);

    private static void AssertOnePerOrigin(List<ConsumeResult<string?, string>> letters, IReadOnlyDictionary<string, (BadAnalyticsRecord Bad, int Partition, long Offset)> origins)
    {
        var byOrigin = letters.GroupBy(l => l.Message.Key!).ToDictionary(g => g.Key, g => g.ToList());
        byOrigin.Keys.Order().ShouldBe(origins.Keys.Order(), "one dead letter per bad record, none for a valid event");
        foreach (var (origin, (bad, partition, offset)) in origins)
        {
            byOrigin[origin].Count.ShouldBe(1, $"{bad.Kind} ({origin}) dead-lettered once");
            var letter = JsonDocument.Parse(byOrigin[origin][0].Message.Value).RootElement;
            letter.GetProperty("topic").GetString().ShouldBe(origin[..origin.IndexOf('/', StringComparison.Ordinal)]);
            letter.GetProperty("partition").GetInt32().ShouldBe(partition);
            letter.GetProperty("offset").GetInt64().ShouldBe(offset);
            letter.GetProperty("error_type").GetString().ShouldBe(bad.ErrorType, bad.Kind);
            letter.GetProperty("reason").GetString()!.ShouldContain(bad.ReasonMentions, Case.Insensitive, bad.Kind);
            var size = bad.Value?.Length ?? 0;
            letter.GetProperty("raw_size").GetInt32().ShouldBe(size, bad.Kind);
            letter.GetProperty("raw_truncated").GetBoolean().ShouldBe(size > DeadLetterRecords.MaxRawBytes, bad.Kind);
            Convert.FromBase64String(letter.GetProperty("raw_base64").GetString()!).ShouldBe((bad.Value ?? []).Take(DeadLetterRecords.MaxRawBytes).ToArray(), bad.Kind);
        }
    }

    private async Task WaitForDeadLettersAsync(int count) =>
        await WaitUntilAsync(() => kafka.ReadAll(_topics["DeadLetters"]).Count >= count, $"{count} dead letters");

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {Patience} for {what}.");
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
            ["Kafka:ConsumerGroup"] = _group,
        };
        foreach (var (name, topic) in _topics)
        {
            properties[$"Kafka:Topics:{name}"] = topic;
        }

        return await TestClusters.StartAsync<AnalyticsTestSiloConfigurator>(3, properties);
    }
}

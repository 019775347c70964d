using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using Orleans.Analytics.Kafka.Diagnostics;
using Orleans.Analytics.TestInfrastructure;
using Orleans.TestingHost;

namespace Orleans.Analytics.Kafka.Tests;

/// <summary>The provider on a two-silo TestingHost cluster against the embedded Kafka.</summary>
public sealed class KafkaStreamClusterTests(EmbeddedKafkaFixture kafka) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private const int Partitions = 4;
    private readonly string _topic = kafka.CreateTopic("records", Partitions);
    private readonly string _deadLetters = kafka.CreateTopic("dead", 1);
    private readonly string _group = kafka.UniqueName("group");
    private TestCluster? _cluster;

    public ValueTask InitializeAsync()
    {
        TestProbe.Reset();
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
    public async Task Keyed_records_reach_the_grain_of_their_key_each_applied_exactly_once()
    {
        _cluster = await StartClusterAsync();
        var produced = await kafka.ProduceAsync(_topic, Records(2_000, keys: 40));

        await TestProbe.WaitForAppliedAsync(produced.Count, Patience);

        var states = await StatesAsync(produced);
        AssertAppliedExactlyOnce(produced, states);
        foreach (var (key, state) in states)
        {
            state.Applied.ShouldAllBe(a => a.Key == key);
        }

        await WaitForCommittedEndAsync(produced);
    }

    [Fact]
    public Task Killing_a_silo_mid_stream_loses_nothing_and_the_other_silo_takes_over_its_partitions() =>
        KillMidStreamAsync([]);

    /// <summary>The twin of the test above with Orleans' own membership and pulling-agent settings.</summary>
    [Fact]
    public Task Killing_a_silo_mid_stream_loses_nothing_with_orleans_default_membership() =>
        KillMidStreamAsync(new() { ["Test:OrleansDefaultMembership"] = "true" });

    private async Task KillMidStreamAsync(Dictionary<string, string> settings)
    {
        _cluster = await StartClusterAsync(settings);
        var first = await kafka.ProduceAsync(_topic, Records(1_500, keys: 40));
        await TestProbe.WaitForAppliedAsync(500, Patience);

        await _cluster.KillSiloAsync(_cluster.SecondarySilos[0]);
        var second = await kafka.ProduceAsync(_topic, Records(1_500, keys: 40, start: 1_500));
        var produced = first.Concat(second).ToList();

        await TestProbe.WaitForAppliedAsync(produced.Count, Patience);

        AssertAppliedExactlyOnce(produced, await StatesAsync(produced));
        // Records produced after the kill, in every partition, were read by the surviving silo.
        second.Select(r => r.Partition).Distinct().Count().ShouldBe(Partitions);
        second.Where(r => !TestProbe.Deliveries.ContainsKey((r.Partition, r.Offset))).ShouldBeEmpty();
        await WaitForCommittedEndAsync(produced);
    }

    [Fact]
    public async Task Each_silo_reports_its_own_instruments_on_a_meter_of_its_own_services()
    {
        var read = new System.Collections.Concurrent.ConcurrentDictionary<Meter, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == AnalyticsMeter.Name && i.Name == "orleans_analytics.kafka.records.read")
            {
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, _, _) => read.AddOrUpdate(i.Meter, value, (_, sum) => sum + value));
        listener.Start();

        _cluster = await StartClusterAsync();
        var produced = await kafka.ProduceAsync(_topic, Records(400, keys: 20));
        await TestProbe.WaitForAppliedAsync(produced.Count, Patience);

        // Two silos in one process: two meters, each counting what its own silo read (a record read again after a
        // hand-over at start would count twice, so the sum is at least every record).
        var meters = _cluster.GetActiveSilos().Select(s => ((InProcessSiloHandle)s).SiloHost.Services.GetRequiredService<AnalyticsMeter>().Meter).ToList();
        meters.Distinct().Count().ShouldBe(2);
        read.Keys.ToHashSet().SetEquals(meters).ShouldBeTrue("each silo's meter counted records");
        read.Values.ShouldAllBe(v => v > 0);
        read.Values.Sum().ShouldBeGreaterThanOrEqualTo(produced.Count);
        // And each silo's partition gauges are its own partitions: disjoint, every partition once.
        var owned = _cluster.GetActiveSilos()
            .Select(s => ((InProcessSiloHandle)s).SiloHost.Services.GetRequiredService<KafkaInstruments>().Partitions.Where(p => p.Topic == _topic).Select(p => p.Partition).ToList())
            .ToList();
        owned.SelectMany(p => p).Order().ShouldBe(Enumerable.Range(0, Partitions));
    }

    [Fact]
    public async Task A_restarted_cluster_resumes_from_the_committed_offsets()
    {
        _cluster = await StartClusterAsync();
        var first = await kafka.ProduceAsync(_topic, Records(600, keys: 20));
        await TestProbe.WaitForAppliedAsync(first.Count, Patience);
        // Every delivery call returned (a batch whose call is still out when its agent stops is read again).
        await WaitForAsync(() => Gauges().All(p => p.InFlight() == 0), "every delivery returned");
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();

        // A graceful stop commits everything that completed.
        var committed = kafka.CommittedOffsets(_group, _topic, Partitions);
        foreach (var (partition, end) in EndOffsets(first))
        {
            committed[partition].ShouldBe(end, $"partition {partition}");
        }

        _cluster = await StartClusterAsync();
        var second = await kafka.ProduceAsync(_topic, Records(400, keys: 20, start: 600));
        await TestProbe.WaitForAppliedAsync(first.Count + second.Count, Patience);

        // Nothing before the committed offsets was read again.
        first.Where(r => TestProbe.Deliveries[(r.Partition, r.Offset)] != 1).ShouldBeEmpty();
        AssertAppliedExactlyOnce([.. first, .. second], await StatesAsync([.. first, .. second]));
    }

    [Fact]
    public async Task A_malformed_record_goes_to_the_dead_letter_topic_while_the_rest_keep_flowing()
    {
        _cluster = await StartClusterAsync();
        var before = await kafka.ProduceAsync(_topic, Records(300, keys: 10));
        var bad = await kafka.ProduceAsync(_topic, [("key-3", "this is not valid JSON")]);
        var after = await kafka.ProduceAsync(_topic, Records(300, keys: 10, start: 300));
        var good = before.Concat(after).ToList();

        await TestProbe.WaitForAppliedAsync(good.Count, Patience);

        AssertAppliedExactlyOnce(good, await StatesAsync(good));
        var letters = await WaitForRecordsAsync(_deadLetters, 1);
        var letter = System.Text.Json.JsonDocument.Parse(letters.Single().Message.Value).RootElement;
        letter.GetProperty("error_type").GetString().ShouldBe("PARSE_ERROR");
        letter.GetProperty("reason").GetString()!.ShouldContain("not valid JSON");
        letter.GetProperty("topic").GetString().ShouldBe(_topic);
        letter.GetProperty("partition").GetInt32().ShouldBe(bad[0].Partition);
        letter.GetProperty("offset").GetInt64().ShouldBe(bad[0].Offset);
        letter.GetProperty("raw_text").GetString().ShouldBe("this is not valid JSON");
        letters.Single().Message.Key.ShouldBe($"{_topic}/{bad[0].Partition}/{bad[0].Offset}");
        // The dead-lettered record does not hold back the commit of its partition.
        await WaitForCommittedEndAsync([.. good, .. bad]);
    }

    [Fact]
    public async Task Brokers_going_down_and_up_during_the_stream_lose_nothing()
    {
        _cluster = await StartClusterAsync();
        var first = await kafka.ProduceAsync(_topic, Records(1_000, keys: 30));
        await TestProbe.WaitForAppliedAsync(first.Count, Patience);

        // Records read but held at their consumers when the brokers go down: their deliveries complete during the
        // outage, so there is something to commit while no broker takes commits.
        TestProbe.CloseGate();
        var second = await kafka.ProduceAsync(_topic, Records(300, keys: 30, start: 1_000));
        await WaitForAsync(() => Gauges().Sum(p => p.InFlight()) > 0, "records are read and held at their consumers");
        using var commitFailures = new InstrumentSignal("orleans_analytics.kafka.commit.failures");
        kafka.Cluster.SetBrokersDown();
        try
        {
            TestProbe.OpenGate();
            // The pipeline notices the outage: its offset commits fail.
            await commitFailures.Fired.WaitAsync(Patience);
        }
        finally
        {
            kafka.Cluster.SetBrokersUp();
        }

        var third = await kafka.ProduceAsync(_topic, Records(500, keys: 30, start: 1_300));
        var produced = first.Concat(second).Concat(third).ToList();
        await TestProbe.WaitForAppliedAsync(produced.Count, Patience);

        AssertAppliedExactlyOnce(produced, await StatesAsync(produced));
        await WaitForCommittedEndAsync(produced);
    }

    [Fact]
    public async Task A_batch_its_consumer_keeps_failing_on_is_dead_lettered_and_the_stream_moves_on()
    {
        TestProbe.FailWhen(r => r.Key == "poison");
        _cluster = await StartClusterAsync();
        var poison = await kafka.ProduceAsync(_topic, [("poison", """{"n":-1}""")]);
        var good = await kafka.ProduceAsync(_topic, Records(200, keys: 10));

        await TestProbe.WaitForAppliedAsync(good.Count, Patience);
        var letters = await WaitForRecordsAsync(_deadLetters, 1);

        var letter = System.Text.Json.JsonDocument.Parse(letters.Single().Message.Value).RootElement;
        letter.GetProperty("error_type").GetString().ShouldBe("DELIVERY_FAILED");
        letter.GetProperty("offset").GetInt64().ShouldBe(poison[0].Offset);
        letter.GetProperty("partition").GetInt32().ShouldBe(poison[0].Partition);
        await WaitForCommittedEndAsync([.. good, .. poison]);
    }

    [Fact]
    public async Task Slow_consumers_pause_the_partition_instead_of_buffering_without_bound()
    {
        const int buffer = 50;
        const int cache = 8;
        const int perDelivery = 10;
        TestProbe.CloseGate();
        using var pauses = new InstrumentSignal("orleans_analytics.kafka.partition.pauses");
        // Small fetches, so that what librdkafka prefetches past its per-partition bound is a few records, not the topic.
        _cluster = await StartClusterAsync(new()
        {
            ["Test:PartitionBufferSize"] = $"{buffer}",
            ["Test:CacheSize"] = $"{cache}",
            ["Test:MaxEventsPerDelivery"] = $"{perDelivery}",
            ["Test:MaxPartitionFetchBytes"] = "4096",
        });
        var produced = await kafka.ProduceAsync(_topic, Records(4_000, keys: 5), maxBatchRecords: 20);

        await pauses.Fired.WaitAsync(Patience);

        // While consumers are held, what a silo holds per partition stays within the buffer and the cache.
        var partitions = Gauges();
        partitions.ShouldAllBe(p => p.InFlight() <= (cache * 2) * perDelivery);
        // librdkafka stops fetching a partition once its queue holds the buffer; one fetch (4 KB here) may overshoot it.
        partitions.ShouldAllBe(p => p.Buffered() <= buffer + 200, string.Join(", ", partitions.Select(p => p.Buffered())));
        (partitions.Sum(p => p.Buffered()) + partitions.Sum(p => p.InFlight())).ShouldBeGreaterThan(0);
        TestProbe.AppliedCount.ShouldBe(0);

        TestProbe.OpenGate();
        await TestProbe.WaitForAppliedAsync(produced.Count, Patience);
        AssertAppliedExactlyOnce(produced, await StatesAsync(produced));
    }

    [Fact]
    public async Task Stopping_or_killing_a_silo_closes_every_consumer_it_opened()
    {
        _cluster = await StartClusterAsync();
        var produced = await kafka.ProduceAsync(_topic, Records(200, keys: 10));
        await TestProbe.WaitForAppliedAsync(produced.Count, Patience);
        var stopped = Factories(_cluster.Primary!);
        var killed = Factories(_cluster.SecondarySilos[0]);
        stopped.ShouldNotBeEmpty();
        killed.ShouldNotBeEmpty();
        stopped.Concat(killed).ShouldAllBe(f => !f.ConsumersClosed);

        // The silo's four receivers start together and share the one consumer of their group.
        stopped.Concat(killed).ShouldAllBe(f => f.ConsumersOpened == 1);

        await _cluster.KillSiloAsync(_cluster.SecondarySilos[0]);
        await _cluster.StopSiloAsync(_cluster.Primary!);

        killed.ShouldAllBe(f => f.ConsumersClosed);
        stopped.ShouldAllBe(f => f.ConsumersClosed);
    }

    [Fact]
    public async Task A_silo_joining_a_running_cluster_takes_partitions_and_nothing_is_lost_or_applied_twice()
    {
        _cluster = await StartClusterAsync(topicPartitions: 8);
        var first = await kafka.ProduceAsync(_topic, Records(2_000, keys: 64));
        await TestProbe.WaitForAppliedAsync(200, Patience);

        var joined = await _cluster.StartAdditionalSiloAsync();
        var second = await kafka.ProduceAsync(_topic, Records(2_000, keys: 64, start: 2_000));
        var produced = first.Concat(second).ToList();
        await TestProbe.WaitForAppliedAsync(produced.Count, Patience);

        AssertAppliedExactlyOnce(produced, await StatesAsync(produced));
        TestProbe.Deliveries.Count.ShouldBe(produced.Count);
        // The join landed while the cluster was reading: the new silo read some of the partitions.
        var moved = Factories(joined).SelectMany(f => f.ReceivedPartitions).Select(p => p.Partition).ToHashSet();
        moved.ShouldNotBeEmpty("the joined silo reads partitions");
        // Raw deliveries too (the topic is not checkpointed): a record is read twice only where its partition
        // changed hands, when its batch was still in delivery as the old owner stopped; nowhere else.
        TestProbe.Deliveries.Where(d => d.Value != 1 && !moved.Contains(d.Key.Partition)).ShouldBeEmpty("a record of a partition that stayed was delivered twice");
        await WaitForCommittedEndAsync(produced, 8);
    }

    [Fact]
    public Task Partitions_added_to_a_topic_while_the_silos_run_are_read_with_a_short_refresh() =>
        PartitionsAddedWhileRunningAreReadAsync(new() { ["Test:MetadataRefreshInterval"] = "00:00:01" });

    [Fact]
    public Task Partitions_added_to_a_topic_while_the_silos_run_are_read_with_the_default_refresh() =>
        PartitionsAddedWhileRunningAreReadAsync([]);

    [Fact]
    public async Task A_partition_added_while_the_silos_run_is_read_from_its_beginning_even_when_startup_mode_is_latest()
    {
        _cluster = await StartClusterAsync(new() { ["Test:StartupMode"] = "Latest" });
        kafka.Cluster.RecreateTopic(_topic, 6);

        // Written to the new partitions at once, long before the silos read the metadata again (1 minute).
        using var producer = kafka.CreateProducer();
        var writes = Enumerable.Range(0, 200).Select(i => producer.ProduceAsync(
            new Confluent.Kafka.TopicPartition(_topic, 4 + (i % 2)),
            new Confluent.Kafka.Message<string?, string> { Key = $"key-{i % 10}", Value = $$"""{"n":{{i}}}""" }));
        var produced = (await Task.WhenAll(writes)).Select(r => (r.Partition.Value, r.Offset.Value, r.Message.Key)).ToList();
        KnownPartitions().ShouldAllBe(n => n == Partitions, "the records were written before the silos knew the new partitions");

        await TestProbe.WaitForAppliedAsync(produced.Count, Patience);

        AssertAppliedExactlyOnce(produced, await StatesAsync(produced));
        KnownPartitions().ShouldAllBe(n => n == 6);
    }

    private async Task PartitionsAddedWhileRunningAreReadAsync(Dictionary<string, string> settings)
    {
        _cluster = await StartClusterAsync(settings);
        // The embedded Kafka cannot add partitions to a topic: it is created again, empty, with twice as many.
        kafka.Cluster.RecreateTopic(_topic, 2 * Partitions);
        await WaitForAsync(() => KnownPartitions().All(n => n == 2 * Partitions), "every silo knows the new partitions");

        var produced = await kafka.ProduceAsync(_topic, Records(2_000, keys: 64));
        produced.Select(p => p.Partition).Distinct().Count().ShouldBe(2 * Partitions);
        await TestProbe.WaitForAppliedAsync(produced.Count, Patience);

        AssertAppliedExactlyOnce(produced, await StatesAsync(produced));
        TestProbe.Deliveries.Where(d => d.Value != 1).ShouldBeEmpty("a record was delivered twice");
        // The new partitions got readers, and both silos read some of the eight.
        var read = _cluster.GetActiveSilos().Select(s => Factories(s).SelectMany(f => f.ReceivedPartitions).Select(p => p.Partition).ToHashSet()).ToList();
        read.SelectMany(r => r).Distinct().Order().ShouldBe(Enumerable.Range(0, 2 * Partitions));
        read.ShouldAllBe(r => r.Count > 0);

        await WaitForCommittedEndAsync(produced, 2 * Partitions);
    }

    private List<int> KnownPartitions() =>
        [.. _cluster!.GetActiveSilos().SelectMany(Factories).Select(f => ((KafkaQueueMapper)f.GetStreamQueueMapper()).PartitionCount(_topic) ?? 0)];

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {Patience}: {what}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The gauges of this test's partitions on every running silo (each silo has its own instruments).</summary>
    private List<PartitionGauge> Gauges() =>
        [.. _cluster!.GetActiveSilos().SelectMany(s => ((InProcessSiloHandle)s).SiloHost.Services.GetRequiredService<KafkaInstruments>().Partitions).Where(p => p.Topic == _topic)];

    private static List<KafkaQueueAdapterFactory> Factories(SiloHandle silo) =>
        [.. ((InProcessSiloHandle)silo).SiloHost.Services.GetRequiredService<KafkaClientLifetime>().Owned.OfType<KafkaQueueAdapterFactory>()];

    private Task<TestCluster> StartClusterAsync(Dictionary<string, string>? extra = null, int? topicPartitions = null)
    {
        if (topicPartitions is { } count)
        {
            kafka.Cluster.RecreateTopic(_topic, count);
        }

        var properties = new Dictionary<string, string>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:ConsumerGroup"] = _group,
            ["Kafka:DeadLetterTopic"] = _deadLetters,
            ["Test:Topic"] = _topic,
        };
        foreach (var (key, value) in extra ?? [])
        {
            properties[key] = value;
        }

        return TestClusters.StartAsync<KafkaTestSiloConfigurator>(2, properties);
    }

    private static IEnumerable<(string? Key, string Value)> Records(int count, int keys, int start = 0) =>
        Enumerable.Range(start, count).Select(i => ((string?)$"key-{i % keys}", $$"""{"n":{{i}}}"""));

    private async Task<Dictionary<string, RecordingState>> StatesAsync(IEnumerable<(int Partition, long Offset, string? Key)> produced)
    {
        var states = new Dictionary<string, RecordingState>();
        foreach (var key in produced.Select(p => p.Key!).Distinct())
        {
            states[key] = await _cluster!.Client.GetGrain<IRecordingConsumerGrain>(key).GetStateAsync();
        }

        return states;
    }

    private static void AssertAppliedExactlyOnce(IReadOnlyCollection<(int Partition, long Offset, string? Key)> produced, Dictionary<string, RecordingState> states)
    {
        var applied = states.Values.SelectMany(s => s.Applied).Select(a => (a.Partition, a.Offset)).ToList();
        applied.Count.ShouldBe(applied.Distinct().Count(), "a record was applied twice");
        applied.Order().ShouldBe(produced.Select(p => (p.Partition, p.Offset)).Order());
        TestProbe.ApplyCounts.Values.ShouldAllBe(n => n == 1);
    }

    private static Dictionary<int, long> EndOffsets(IEnumerable<(int Partition, long Offset, string? Key)> produced) =>
        produced.GroupBy(p => p.Partition).ToDictionary(g => g.Key, g => g.Max(p => p.Offset) + 1);

    private async Task WaitForCommittedEndAsync(IEnumerable<(int Partition, long Offset, string? Key)> produced, int partitions = Partitions)
    {
        var ends = EndOffsets(produced);
        using var commits = new InstrumentSignal("orleans_analytics.kafka.commit.duration");
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var committed = kafka.CommittedOffsets(_group, _topic, partitions);
            if (ends.All(e => committed[e.Key] == e.Value))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Committed offsets {string.Join(",", committed)} never reached {string.Join(",", ends)}");
            }

            // Look again after the next commit the silos make.
            await commits.NextAsync(TimeSpan.FromSeconds(5));
        }
    }

    private async Task<List<Confluent.Kafka.ConsumeResult<string?, string>>> WaitForRecordsAsync(string topic, int count)
    {
        using var produced = new InstrumentSignal("orleans_analytics.kafka.sink.records");
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var records = kafka.ReadAll(topic);
            if (records.Count >= count)
            {
                return records;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{topic} holds {records.Count} records, expected {count}");
            }

            await produced.NextAsync(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>Signals when an instrument of the provider records a measurement.</summary>
    private sealed class InstrumentSignal : IDisposable
    {
        private readonly MeterListener _listener = new();
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public InstrumentSignal(string instrument)
        {
            _listener.InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == AnalyticsMeter.Name && i.Name == instrument)
                {
                    l.EnableMeasurementEvents(i);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, _, _) => Fire());
            _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Fire());
            _listener.Start();
        }

        public Task Fired => _fired.Task;

        private readonly TaskCompletionSource _fired = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task NextAsync(TimeSpan timeout)
        {
            try
            {
                await Volatile.Read(ref _next).Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                // No measurement in the window: the caller looks again and applies its own deadline.
            }
        }

        private void Fire()
        {
            _fired.TrySetResult();
            Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }

        public void Dispose() => _listener.Dispose();
    }
}

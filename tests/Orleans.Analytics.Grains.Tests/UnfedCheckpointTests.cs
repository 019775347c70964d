using Orleans.Analytics.TestInfrastructure;
using Orleans.TestingHost;

namespace Orleans.Analytics.Grains.Tests;

/// <summary>
/// A checkpoint of a partition whose records fed no key grain (every record was dead-lettered, or filtered out by
/// every job) has no barrier to wait for: it must still commit, or the partition's records would be read, and
/// dead-lettered, again by the next reader.
/// </summary>
public sealed class UnfedCheckpointTests(EmbeddedKafkaFixture kafka) : IAsyncLifetime
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
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_partition_of_bad_records_only_commits_and_a_restart_does_not_dead_letter_them_again()
    {
        var group = kafka.UniqueName("unfed");
        var properties = new Dictionary<string, string>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:ConsumerGroup"] = group,
        };
        foreach (var name in new[] { "Events", "EventMetrics", "SessionMetrics", "PerformanceMetrics", "ProcessingMetrics", "LateEvents", "DeadLetters" })
        {
            properties[$"Kafka:Topics:{name}"] = kafka.CreateTopic(name.ToLowerInvariant(), name == "Events" ? 2 : 1);
        }

        var events = properties["Kafka:Topics:Events"];
        var deadLetters = properties["Kafka:Topics:DeadLetters"];
        _cluster = await TestClusters.StartAsync<AnalyticsTestSiloConfigurator>(2, properties);
        var bad = Enumerable.Range(0, 40).Select(i => ((string?)$"k{i}", i % 2 == 0 ? "{" : "[1,2]")).ToList();
        var produced = await kafka.ProduceAsync(events, bad);
        var ends = produced.GroupBy(p => p.Partition).ToDictionary(g => g.Key, g => g.Max(p => p.Offset) + 1);
        ends.Count.ShouldBe(2, "both partitions got bad records");

        var deadline = DateTime.UtcNow.AddMinutes(2);
        await WaitUntilAsync(() => Committed(group, events).All(c => c.Value == ends[c.Key]), "every partition of bad records committed to its end", deadline);
        kafka.ReadAll(deadLetters).Count.ShouldBe(bad.Count);

        // A new cluster in the same consumer group starts from the committed offsets: a marker record after the bad
        // ones, once committed, proves the partition was read past them.
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        _cluster = await TestClusters.StartAsync<AnalyticsTestSiloConfigurator>(2, properties);
        // One marker per partition, under a key already seen there.
        var markerKeys = produced.GroupBy(p => p.Partition).Select(g => g.First().Key);
        var markers = await kafka.ProduceAsync(events, markerKeys.Select(k => (k, "not json either")).ToList());
        markers.Select(m => m.Partition).Distinct().Count().ShouldBe(2);
        var markerEnds = ends.ToDictionary(e => e.Key, e => e.Value);
        foreach (var marker in markers)
        {
            markerEnds[marker.Partition] = Math.Max(markerEnds[marker.Partition], marker.Offset + 1);
        }

        await WaitUntilAsync(() => Committed(group, events).All(c => c.Value == markerEnds[c.Key]), "the markers committed", deadline);
        var letters = kafka.ReadAll(deadLetters);
        letters.Count.ShouldBe(bad.Count + markers.Count, "each bad record dead-lettered once, the markers once each");
    }

    private Dictionary<int, long> Committed(string group, string topic) => kafka.CommittedOffsets(group, topic, 2);

    private static async Task WaitUntilAsync(Func<bool> condition, string what, DateTime deadline)
    {
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not in time: {what}.");
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}

using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>
/// Two silo processes on one PostgreSQL database (membership, grain state, reminders) with the default
/// <c>Processing</c> settings share the analytics topics of the test's embedded Kafka; one is killed with SIGKILL
/// while events keep arriving and while it holds records it read and has not committed. The survivor learns of the
/// death through the membership table, rewinds to the committed offsets, takes over the dead silo's partitions and
/// grains, and the results equal the reference model: every window and session exact, no key re-emitted differently,
/// and every record that is not an event dead-lettered exactly once, also those the victim dead-lettered after its
/// last commit (the survivor finds their dead letters and writes none again).
/// </summary>
public sealed class SiloKillTests(EmbeddedKafkaFixture kafka)
{
    [Fact]
    public Task A_silo_killed_mid_stream_changes_no_result_with_shortened_failure_detection() =>
        KillMidStreamAsync(FailureDetection.Shortened, TimeSpan.FromMinutes(4));

    /// <summary>The twin of the test above with nothing under <c>Orleans:ClusterMembership</c> set.</summary>
    [Fact]
    public Task A_silo_killed_mid_stream_changes_no_result_with_orleans_default_membership() =>
        KillMidStreamAsync(FailureDetection.OrleansDefaults, TimeSpan.FromMinutes(6));

    private async Task KillMidStreamAsync(FailureDetection detection, TimeSpan budget)
    {
        var deadline = DateTime.UtcNow + budget;
        await using var cluster = await TwoSiloCluster.StartAsync(kafka, detection, deadline);
        var events = AnalyticsScenario.Workload(3_000, seed: 4);
        await cluster.Scenario.ProduceAsync(events.Take(1_000));
        await cluster.Scenario.WaitForAsync("EventMetrics", r => r.Count >= 3, deadline, cluster.Diagnostics);

        // Once the victim committed a checkpoint of each of its partitions, its next is a checkpoint interval (30 s) away.
        // (Its partitions are looked up each time: they may move while the second silo joins.)
        HashSet<int> victimPartitions = [];
        await cluster.WaitUntilAsync(
            () =>
            {
                victimPartitions = cluster.Victim.HeldPartitions(cluster.EventsTopic);
                var committed = cluster.Scenario.CommittedEventOffsets();
                return Task.FromResult(victimPartitions.Count > 0 && victimPartitions.All(p => committed.GetValueOrDefault(p, -1) >= 0));
            },
            $"{cluster.Victim.Name} committed a checkpoint of each of its partitions",
            deadline);

        // The rest arrives live, with a record that is not an event in every chunk (so that whenever the victim's
        // checkpoint falls, it soon holds dead letters written after it); the kill lands while the victim holds
        // records it read and has not committed, and dead letters it wrote after its last commit.
        var live = cluster.ProduceLiveAsync(events.Skip(1_000).ToList(), chunk: 20, pause: TimeSpan.FromMilliseconds(100), badPerChunk: 1);
        var held = await cluster.WaitForUncommittedAsync(cluster.Victim, deadline);
        await cluster.WaitUntilAsync(
            () =>
            {
                victimPartitions = cluster.Victim.HeldPartitions(cluster.EventsTopic);
                return Task.FromResult(cluster.Scenario.DeadLettersBeyondCommit(victimPartitions) > 0);
            },
            $"{cluster.Victim.Name} wrote dead letters of records it has not committed",
            deadline);
        cluster.KillVictim();
        var lastWindow = cluster.Scenario.LastWindowStart();
        var unclaimed = cluster.Scenario.DeadLettersBeyondCommit(victimPartitions);
        TwoSiloCluster.Report(
            $"Killed {cluster.Victim.Name} holding uncommitted records on partitions {string.Join(", ", held.Select(p => $"{p.Key}: {p.Value}"))} and {unclaimed} dead letters of uncommitted records");
        held.Values.Sum().ShouldBeGreaterThan(0);
        unclaimed.ShouldBeGreaterThan(0, "the victim's last commit must not claim its latest dead letters");

        await cluster.MeasureRecoveryAsync(lastWindow, deadline);
        await live;
        await cluster.Scenario.AssertResultsAsync(events, deadline, cluster.Diagnostics);

        // The survivor read again what was not durable at the death: its partitions rewound and replayed records.
        var (rewinds, replayed) = await cluster.SurvivorRedeliveriesAsync();
        TwoSiloCluster.Report($"Survivor: {rewinds} rewinds, {replayed} records read again");
        rewinds.ShouldBeGreaterThan(0, cluster.Diagnostics());
        replayed.ShouldBeGreaterThan(0, cluster.Diagnostics());
        cluster.Survivor.HasExited.ShouldBeFalse();

        // The dead letters the victim wrote after its last commit were found by the survivor, not written again.
        cluster.Survivor.Output(int.MaxValue).ShouldContain("dead letters written by its earlier owner after its last commit found");
    }
}

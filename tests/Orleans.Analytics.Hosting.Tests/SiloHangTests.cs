using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>
/// Two silo processes on PostgreSQL with the default <c>Processing</c> settings; one hangs (SIGSTOP: every thread
/// stops, its sockets stay open, nothing answers) while it holds uncommitted records and events keep arriving. The
/// tests measure the time from the hang to the victim declared dead, to all partitions read by the survivor and to new
/// results, print them, and check the results against the reference model once the hung process is gone.
/// </summary>
public sealed class SiloHangTests(EmbeddedKafkaFixture kafka)
{
    [Fact]
    public Task A_hung_silo_is_declared_dead_and_taken_over_exactly_with_shortened_failure_detection() =>
        HangMidStreamAsync(FailureDetection.Shortened, TimeSpan.FromMinutes(4));

    /// <summary>The twin of the test above with nothing under <c>Orleans:ClusterMembership</c> set.</summary>
    [Fact]
    public Task A_hung_silo_is_declared_dead_and_taken_over_exactly_with_orleans_default_membership() =>
        HangMidStreamAsync(FailureDetection.OrleansDefaults, TimeSpan.FromMinutes(6));

    private async Task HangMidStreamAsync(FailureDetection detection, TimeSpan budget)
    {
        var deadline = DateTime.UtcNow + budget;
        await using var cluster = await TwoSiloCluster.StartAsync(kafka, detection, deadline);
        var events = AnalyticsScenario.Workload(3_000, seed: 5);
        await cluster.Scenario.ProduceAsync(events.Take(1_000));
        await cluster.Scenario.WaitForAsync("EventMetrics", r => r.Count >= 3, deadline, cluster.Diagnostics);

        var live = cluster.ProduceLiveAsync(events.Skip(1_000).ToList(), chunk: 20, pause: TimeSpan.FromMilliseconds(100));
        var held = await cluster.WaitForUncommittedAsync(cluster.Victim, deadline);
        cluster.HangVictim();
        var lastWindow = cluster.Scenario.LastWindowStart();
        TwoSiloCluster.Report(
            $"Hung {cluster.Victim.Name} holding uncommitted records on partitions {string.Join(", ", held.Select(p => $"{p.Key}: {p.Value}"))}");
        held.Values.Sum().ShouldBeGreaterThan(0);

        await cluster.MeasureRecoveryAsync(lastWindow, deadline);
        cluster.Victim.HasExited.ShouldBeFalse("the victim hangs; it did not exit");
        await live;
        await cluster.Scenario.AssertResultsAsync(events, deadline, cluster.Diagnostics);

        var (rewinds, replayed) = await cluster.SurvivorRedeliveriesAsync();
        TwoSiloCluster.Report($"Survivor: {rewinds} rewinds, {replayed} records read again");
        rewinds.ShouldBeGreaterThan(0, cluster.Diagnostics());
        replayed.ShouldBeGreaterThan(0, cluster.Diagnostics());
    }
}

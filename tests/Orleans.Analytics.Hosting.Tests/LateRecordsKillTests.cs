using Orleans.Analytics.Grains.Tests;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>
/// Disorder beyond the watermark delay, <c>Processing:AllowedLateness</c> above zero, a late event that merges two
/// sessions already emitted, and a silo killed with SIGKILL afterwards while events keep arriving; checked against the
/// naive reference models: the latest non-tombstone record per key equals the model (a superseded session's key has a
/// tombstone), windows a late record updated carry a higher revision, and exactly the records too late for their
/// windows are on the late-events topic. Every other <c>Processing</c> setting and the membership are the defaults.
/// </summary>
public sealed class LateRecordsKillTests(EmbeddedKafkaFixture kafka)
{
    private static readonly TimeSpan AllowedLateness = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Late_records_merged_sessions_and_a_kill_give_the_reference_results_with_revisions_and_tombstones()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(7);
        var lateness = AllowedLateness.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        await using var cluster = await TwoSiloCluster.StartAsync(kafka, FailureDetection.OrleansDefaults, deadline, configure: settings =>
            settings["Processing:AllowedLateness"] = lateness);
        var scenario = cluster.Scenario;
        var start = AnalyticsScenario.Start;
        var workload = AnalyticsScenario.Workload(2_400, seed: 7);

        // A user with two sessions 13 s apart (gap 8 s): [60 s, 68 s) and [73 s, 81 s) after the start.
        var first = Event("bridge-1", start + 60_000, "page_view");
        var second = Event("bridge-2", start + 73_000, "click");
        var early = workload.Where(e => e.EventTime < start + 93_000).Append(first).Append(second).ToList();
        await scenario.ProduceAsync(early);

        // The watermark is past the second session's end (it was emitted): now the late records.
        var secondSession = ReferenceModel.Sessions([second], 8_000).Keys.Single();
        await scenario.WaitForAsync("SessionMetrics", r => r.ContainsKey(secondSession), deadline, cluster.Diagnostics);

        // Within the allowed lateness (windows between 50 s and 70 s, emitted already): they revise their windows.
        var within = Enumerable.Range(0, 12)
            .Select(i => workload[i] with { EventId = $"late-within-{i}", EventTime = start + 50_000 + (i * 1_700) })
            .ToList();
        // Bridges the two sessions: it extends the first past the second's start; the second's key gets a tombstone.
        var bridge = Event("bridge-3", start + 66_500, "page_view");
        // Far too late: before the workload's start, windows purged long ago.
        var tooLate = Enumerable.Range(0, 5)
            .Select(i => workload[i] with { EventId = $"too-late-{i}", EventTime = start - 100_000 + (i * 1_000) })
            .ToList();
        // Their windows were emitted already (a record for them now is late, and revises them).
        var revised = AnalyticsScenario.MetricsKeys([.. within, bridge]);
        await scenario.WaitForAsync("EventMetrics", r => revised.All(r.ContainsKey), deadline, cluster.Diagnostics);
        await scenario.ProduceAsync([.. within, bridge, .. tooLate]);
        scenario.ExpectRevisions([.. within, bridge]);

        // The rest arrives live, and the victim is killed while it holds records it has not committed.
        var live = cluster.ProduceLiveAsync(workload.Where(e => e.EventTime >= start + 93_000).ToList(), chunk: 20, pause: TimeSpan.FromMilliseconds(100));
        var held = await cluster.WaitForUncommittedAsync(cluster.Victim, deadline);
        cluster.KillVictim();
        TwoSiloCluster.Report($"Killed {cluster.Victim.Name} holding uncommitted records on partitions {string.Join(", ", held.Select(p => $"{p.Key}: {p.Value}"))}");
        await live;

        List<WorkloadEvent> all = [.. early, .. within, bridge, .. tooLate, .. workload.Where(e => e.EventTime >= start + 93_000)];
        await scenario.AssertResultsAsync(all, tooLate, deadline, cluster.Diagnostics);
        var (rewinds, _) = await cluster.SurvivorRedeliveriesAsync();
        rewinds.ShouldBeGreaterThan(0, cluster.Diagnostics());

        WorkloadEvent Event(string id, long time, string type) =>
            new(id, time, "bridge-user", "s-bridge", type, "/", "desktop", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0", type == "page_view" ? 120 : null);
    }
}

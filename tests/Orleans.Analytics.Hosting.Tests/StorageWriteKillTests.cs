using Npgsql;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>
/// A silo killed while it writes grain state to PostgreSQL. The victim's storage connections carry their own
/// application name, and a trigger on the grain-state table makes every write from them sleep in the server (a slow
/// disk, a lock wait: the write is real, only slow). The kill lands when <c>pg_stat_activity</c> shows such a write
/// running and the victim holds records it read and has not committed; the write may still land after the process is
/// gone, or not. Orleans' default membership settings and the default <c>Processing</c> settings throughout.
/// </summary>
public sealed class StorageWriteKillTests(EmbeddedKafkaFixture kafka)
{
    private const string VictimApplication = "analytics-victim";

    [Fact]
    public async Task A_silo_killed_while_it_writes_grain_state_changes_no_result()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(6);
        await using var cluster = await TwoSiloCluster.StartAsync(kafka, FailureDetection.OrleansDefaults, deadline, settings =>
            settings["Storage:ConnectionString"] = new NpgsqlConnectionStringBuilder(settings["Storage:ConnectionString"]) { ApplicationName = VictimApplication }.ConnectionString);
        await cluster.Database.ExecuteAsync($"""
            CREATE FUNCTION slow_victim_writes() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                IF current_setting('application_name') = '{VictimApplication}' THEN
                    PERFORM pg_sleep(1.5);
                END IF;
                RETURN NEW;
            END
            $f$;
            CREATE TRIGGER slow_victim_writes BEFORE INSERT OR UPDATE ON OrleansStorage
                FOR EACH ROW EXECUTE FUNCTION slow_victim_writes();
            """);
        var events = AnalyticsScenario.Workload(3_000, seed: 6);
        await cluster.Scenario.ProduceAsync(events.Take(1_000));
        await cluster.Scenario.WaitForAsync("EventMetrics", r => r.Count >= 3, deadline, cluster.Diagnostics);

        var live = cluster.ProduceLiveAsync(events.Skip(1_000).ToList(), chunk: 20, pause: TimeSpan.FromMilliseconds(100));
        var held = await cluster.WaitForUncommittedAsync(cluster.Victim, deadline);
        await cluster.WaitUntilAsync(VictimWriteRunningAsync, "a grain-state write of the victim running in PostgreSQL", deadline);
        cluster.KillVictim();
        var lastWindow = cluster.Scenario.LastWindowStart();
        TwoSiloCluster.Report(
            $"Killed {cluster.Victim.Name} during a grain-state write, holding uncommitted records on partitions {string.Join(", ", held.Select(p => $"{p.Key}: {p.Value}"))}");
        held.Values.Sum().ShouldBeGreaterThan(0);

        await cluster.MeasureRecoveryAsync(lastWindow, deadline);
        await live;
        await cluster.Scenario.AssertResultsAsync(events, deadline, cluster.Diagnostics);
        var (rewinds, replayed) = await cluster.SurvivorRedeliveriesAsync();
        TwoSiloCluster.Report($"Survivor: {rewinds} rewinds, {replayed} records read again");
        rewinds.ShouldBeGreaterThan(0, cluster.Diagnostics());

        async Task<bool> VictimWriteRunningAsync() =>
            (await cluster.Database.QueryAsync(
                $"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = '{VictimApplication}' AND state = 'active' AND wait_event = 'PgSleep' AND query ILIKE '%OrleansStorage%'",
                r => r.GetInt64(0))).Single() > 0;
    }
}

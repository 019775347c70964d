using System.Globalization;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>
/// Two silo processes on one PostgreSQL database (membership, grain state, reminders) share the analytics topics of
/// the test's embedded Kafka; one is killed with SIGKILL mid-stream. The survivor learns of the death through the
/// membership table, takes over the dead silo's partitions and grains, and the results equal the reference model.
/// </summary>
public sealed class SiloKillTests(EmbeddedKafkaFixture kafka)
{
    [Fact]
    public async Task A_silo_process_killed_mid_stream_changes_no_result()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        await using var database = await PostgresDatabase.CreateWithSchemaAsync();
        var scenario = new AnalyticsScenario(kafka);
        // Idleness must outlast the take-over of the dead silo's partitions, or their records would rightly be late.
        var settings = scenario.Settings(database.ConnectionString, "kill-" + Guid.NewGuid().ToString("N")[..8], idleTimeout: TimeSpan.FromSeconds(30));
        // Failure detection for a test: probe every second, suspect after two missed probes, one vote is enough
        // (the survivor is the only voter), re-read the membership table every two seconds.
        settings["Orleans:ClusterMembership:ProbeTimeout"] = "00:00:01";
        settings["Orleans:ClusterMembership:NumMissedProbesLimit"] = "2";
        settings["Orleans:ClusterMembership:NumVotesForDeathDeclaration"] = "1";
        settings["Orleans:ClusterMembership:TableRefreshTimeout"] = "00:00:02";
        var events = AnalyticsScenario.Workload(3_000, seed: 4);

        await using var survivor = SiloProcess.Start("silo-a", settings);
        await using var victim = SiloProcess.Start("silo-b", settings);
        var killedAt = DateTime.MinValue;
        string Diagnostics() => $"killed {victim.Name} at {killedAt:HH:mm:ss.fff}" + Environment.NewLine + survivor.Status() + Environment.NewLine + survivor.Output(120) + Environment.NewLine + victim.Output();
        await survivor.WaitUntilReadyAsync(deadline);
        await victim.WaitUntilReadyAsync(deadline);
        var eventsTopic = scenario.Topics["Events"];
        // Each silo reads some of the four partitions, and together all of them, before the workload starts.
        await WaitUntilAsync(() => Task.FromResult(survivor.HeldPartitions(eventsTopic).Count > 0 && victim.HeldPartitions(eventsTopic).Count > 0
            && survivor.HeldPartitions(eventsTopic).Union(victim.HeldPartitions(eventsTopic)).Count() == 4), "both silos read partitions", deadline, Diagnostics);

        await scenario.ProduceAsync(events.Take(1_500));
        await WaitUntilAsync(async () => Sum(await survivor.MetricsAsync(), "orleans_analytics_kafka_records_read_total", eventsTopic) > 0
            && Sum(await victim.MetricsAsync(), "orleans_analytics_kafka_records_read_total", eventsTopic) > 0, "both silos read events", deadline, Diagnostics);
        await scenario.WaitForAsync("EventMetrics", r => r.Count >= 3, deadline, Diagnostics);
        victim.Kill();
        killedAt = DateTime.UtcNow;
        await scenario.ProduceAsync(events.Skip(1_500));

        await WaitUntilAsync(async () => (await database.QueryAsync("SELECT count(*) FROM OrleansMembershipTable WHERE Status = 6", r => r.GetInt64(0))).Single() == 1,
            "the killed silo is declared dead in the membership table", deadline, Diagnostics);
        await scenario.AssertResultsAsync(events, deadline, Diagnostics);
        survivor.HasExited.ShouldBeFalse();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, DateTime deadline, Func<string> diagnostics)
    {
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not in time: {what}.{Environment.NewLine}{diagnostics()}");
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    private static double Sum(string metrics, string name, string topic) => Samples(metrics, name, topic).Sum();

    /// <summary>The values of a Prometheus metric's samples that carry <c>topic="<paramref name="topic"/>"</c>.</summary>
    private static IEnumerable<double> Samples(string metrics, string name, string topic) =>
        metrics.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) && line.Contains($"topic=\"{topic}\"", StringComparison.Ordinal))
            .Select(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
}

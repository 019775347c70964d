using Orleans.Analytics.Grains.Tests;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>
/// Two silo processes of one cluster on a fresh PostgreSQL database (membership, grain state, reminders) over the
/// scenario's topics, with every <c>Processing</c> setting at its default, and what a fault test observes of them:
/// the work the victim holds uncommitted, the redeliveries after the fault, and how long recovery takes.
/// </summary>
internal sealed class TwoSiloCluster : IAsyncDisposable
{
    private const string Uncommitted = "orleans_analytics_kafka_partition_uncommitted";

    private TwoSiloCluster(PostgresDatabase database, AnalyticsScenario scenario, SiloProcess survivor, SiloProcess victim, FailureDetection detection)
    {
        Database = database;
        Scenario = scenario;
        Survivor = survivor;
        Victim = victim;
        Detection = detection;
    }

    public PostgresDatabase Database { get; }

    public AnalyticsScenario Scenario { get; }

    /// <summary>The silo that stays up.</summary>
    public SiloProcess Survivor { get; }

    /// <summary>The silo the fault hits.</summary>
    public SiloProcess Victim { get; }

    public FailureDetection Detection { get; }

    public string EventsTopic => Scenario.Topics["Events"];

    /// <summary>When the fault landed (for diagnostics and the recovery times).</summary>
    public DateTime FaultAt { get; private set; } = DateTime.MinValue;

    /// <summary>
    /// Starts both silos and waits until each reads some of the events topic's partitions and together all of them.
    /// <paramref name="victimSettings"/> may change the victim's configuration (for example its connection string),
    /// <paramref name="configure"/> both silos'.
    /// </summary>
    public static async Task<TwoSiloCluster> StartAsync(
        EmbeddedKafkaFixture kafka,
        FailureDetection detection,
        DateTime deadline,
        Action<Dictionary<string, string?>>? victimSettings = null,
        Action<Dictionary<string, string?>>? configure = null)
    {
        var database = await PostgresDatabase.CreateWithSchemaAsync();
        var scenario = new AnalyticsScenario(kafka);
        var settings = scenario.DefaultSettings(database.ConnectionString, "fault-" + Guid.NewGuid().ToString("N")[..8]);
        if (detection == FailureDetection.Shortened)
        {
            ShortenFailureDetection(settings);
        }

        configure?.Invoke(settings);

        // FAULT_TEST_DEBUG=<folder>: key grains log every delivery they drop, a failing test writes both silos' whole
        // output there, and the measurements go to measurements.txt.
        if (Environment.GetEnvironmentVariable("FAULT_TEST_DEBUG") is { Length: > 0 })
        {
            settings["Logging:LogLevel:Orleans.Analytics.Keys.KeyGrain"] = "Debug";
        }

        var victimConfiguration = new Dictionary<string, string?>(settings);
        victimSettings?.Invoke(victimConfiguration);
        var survivor = SiloProcess.Start("silo-a", settings);
        var victim = SiloProcess.Start("silo-b", victimConfiguration);
        var cluster = new TwoSiloCluster(database, scenario, survivor, victim, detection);
        try
        {
            await survivor.WaitUntilReadyAsync(deadline);
            await victim.WaitUntilReadyAsync(deadline);
            var topic = cluster.EventsTopic;
            await cluster.WaitUntilAsync(
                () => Task.FromResult(survivor.HeldPartitions(topic).Count > 0 && victim.HeldPartitions(topic).Count > 0
                    && survivor.HeldPartitions(topic).Union(victim.HeldPartitions(topic)).Count() == AnalyticsScenario.EventPartitions),
                "both silos read partitions",
                deadline);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Failure detection for speed: probe every second, suspect after two missed probes, one vote is enough (the
    /// survivor is the only voter), re-read the membership table every two seconds.
    /// </summary>
    public static void ShortenFailureDetection(Dictionary<string, string?> settings)
    {
        settings["Orleans:ClusterMembership:ProbeTimeout"] = "00:00:01";
        settings["Orleans:ClusterMembership:NumMissedProbesLimit"] = "2";
        settings["Orleans:ClusterMembership:NumVotesForDeathDeclaration"] = "1";
        settings["Orleans:ClusterMembership:TableRefreshTimeout"] = "00:00:02";
    }

    /// <summary>
    /// Produces <paramref name="events"/> as a live stream: <paramref name="chunk"/> events at a time with a pause
    /// between, so that a fault lands while records keep arriving (the pacing shapes the workload; nothing waits on it).
    /// </summary>
    public async Task ProduceLiveAsync(IReadOnlyList<WorkloadEvent> events, int chunk, TimeSpan pause, int badPerChunk = 0)
    {
        for (var i = 0; i < events.Count; i += chunk)
        {
            // The bad records go out alongside the chunk, not after it: a longer pause between chunks would let
            // each partition fall quiet and checkpoint after every chunk, and a kill would find little uncommitted.
            await Task.WhenAll(
                Scenario.ProduceAsync(events.Skip(i).Take(chunk)),
                badPerChunk > 0 ? Scenario.ProduceBadAsync(badPerChunk) : Task.CompletedTask);

            await Task.Delay(pause, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// Waits until <paramref name="silo"/> holds records of the events topic that it read and has not committed (its
    /// <c>orleans_analytics.kafka.partition.uncommitted</c> gauge), and returns them per partition.
    /// </summary>
    public async Task<Dictionary<int, double>> WaitForUncommittedAsync(SiloProcess silo, DateTime deadline)
    {
        var held = new Dictionary<int, double>();
        await WaitUntilAsync(
            async () =>
            {
                held = MetricsText.ByPartition(await silo.MetricsAsync(), Uncommitted, EventsTopic).Where(p => p.Value > 0).ToDictionary();
                return held.Count > 0;
            },
            $"{silo.Name} holds records it read and has not committed",
            deadline);
        return held;
    }

    /// <summary>SIGKILL for the victim, now.</summary>
    public void KillVictim()
    {
        Victim.Kill();
        FaultAt = DateTime.UtcNow;
    }

    /// <summary>SIGSTOP for the victim, now.</summary>
    public void HangVictim()
    {
        Victim.Hang();
        FaultAt = DateTime.UtcNow;
    }

    /// <summary>Whether the membership table shows the victim dead (Orleans' status 6).</summary>
    public async Task<bool> VictimDeclaredDeadAsync() =>
        (await Database.QueryAsync("SELECT count(*) FROM OrleansMembershipTable WHERE Status = 6", r => r.GetInt64(0))).Single() == 1;

    /// <summary>
    /// Measures from the fault: (a) the victim declared dead in the membership table, (b) every partition of the events
    /// topic read by the survivor, (c) results flowing again: an event_metrics window later than every window written
    /// before the fault (<paramref name="lastWindowBeforeFault"/>).
    /// </summary>
    public async Task<RecoveryTimes> MeasureRecoveryAsync(DateTimeOffset lastWindowBeforeFault, DateTime deadline)
    {
        TimeSpan? dead = null, partitions = null, results = null;
        var timeline = new List<string>();
        var nextSample = TimeSpan.Zero;
        await WaitUntilAsync(
            async () =>
            {
                var now = DateTime.UtcNow - FaultAt;
                if (dead is null && await VictimDeclaredDeadAsync())
                {
                    dead = now;
                }

                if (partitions is null && Survivor.HeldPartitions(EventsTopic).Count == AnalyticsScenario.EventPartitions)
                {
                    partitions = now;
                }

                if (results is null && Scenario.LastWindowStart() > lastWindowBeforeFault)
                {
                    results = now;
                }

                if (now >= nextSample)
                {
                    // What the survivor does meanwhile: records it read, its lag, the records it holds uncommitted.
                    nextSample = now + TimeSpan.FromSeconds(2);
                    try
                    {
                        var metrics = await Survivor.MetricsAsync();
                        timeline.Add($"+{now.TotalSeconds:F0}s read {MetricsText.Sum(metrics, "orleans_analytics_kafka_records_read_total", EventsTopic)}"
                            + $" lag {MetricsText.Sum(metrics, "orleans_analytics_kafka_consumer_lag", EventsTopic)}"
                            + $" uncommitted {MetricsText.Sum(metrics, Uncommitted, EventsTopic)}");
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !TestContext.Current.CancellationToken.IsCancellationRequested)
                    {
                        timeline.Add($"+{now.TotalSeconds:F0}s /metrics did not answer ({ex.GetType().Name})");
                    }
                }

                return dead is not null && partitions is not null && results is not null;
            },
            "the victim declared dead, its partitions taken over and new results",
            deadline);
        var times = new RecoveryTimes(dead!.Value, partitions!.Value, results!.Value);
        Report($"Recovery with {Detection} failure detection: {times}");
        Report($"Survivor meanwhile: {string.Join(" | ", timeline)}");
        return times;
    }

    /// <summary>The survivor's counters of redelivery on the events topic: rewinds and records read again.</summary>
    public async Task<(double Rewinds, double Replayed)> SurvivorRedeliveriesAsync()
    {
        var metrics = await Survivor.MetricsAsync();
        return (MetricsText.Sum(metrics, "orleans_analytics_kafka_partition_rewinds_total", EventsTopic),
            MetricsText.Sum(metrics, "orleans_analytics_kafka_records_replayed_total", EventsTopic));
    }

    /// <summary>
    /// Writes a measurement to the test's output (and, with <c>FAULT_TEST_DEBUG</c> naming a folder, to
    /// measurements.txt there, since passing tests' output is not shown by every runner).
    /// </summary>
    public static void Report(string line)
    {
        var test = TestContext.Current.Test?.TestDisplayName ?? "?";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        if (Environment.GetEnvironmentVariable("FAULT_TEST_DEBUG") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            File.AppendAllText(Path.Combine(folder, "measurements.txt"), $"{DateTime.UtcNow:HH:mm:ss} {test}: {line}{Environment.NewLine}");
        }
    }

    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, DateTime deadline)
    {
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not in time: {what}.{Environment.NewLine}{Diagnostics()}");
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    public string Diagnostics()
    {
        if (Environment.GetEnvironmentVariable("FAULT_TEST_DEBUG") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, Survivor.Name + ".log"), Survivor.Output(int.MaxValue));
            File.WriteAllText(Path.Combine(folder, Victim.Name + ".log"), Victim.Output(int.MaxValue));
        }

        return DiagnosticsText();
    }

    private string DiagnosticsText() =>
        $"fault on {Victim.Name} at {FaultAt:HH:mm:ss.fff}" + Environment.NewLine + Survivor.Status() + Environment.NewLine
        + Survivor.Output(150) + Environment.NewLine + Victim.Output();

    public async ValueTask DisposeAsync()
    {
        await Victim.DisposeAsync();
        await Survivor.DisposeAsync();
        await Database.DisposeAsync();
    }
}

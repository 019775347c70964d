using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>Grain state in PostgreSQL outlives the silo: a new silo on the same database continues where the last stopped.</summary>
public sealed class GrainStateRestartTests(EmbeddedKafkaFixture kafka)
{
    [Fact]
    public async Task Windows_and_sessions_open_across_a_silo_restart_count_every_event_once()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        await using var database = await PostgresDatabase.CreateWithSchemaAsync();
        var scenario = new AnalyticsScenario(kafka);
        var settings = scenario.DefaultSettings(database.ConnectionString, "restart-" + Guid.NewGuid().ToString("N")[..8]);
        var events = AnalyticsScenario.Workload(2_000, seed: 3);

        var first = await InProcessSilo.StartAsync(settings);
        await scenario.ProduceAsync(events.Take(1_000));
        // Some windows have closed, others (and sessions) are open in grain state when the silo stops.
        await scenario.WaitForAsync("EventMetrics", r => r.Count >= 3, deadline, () => "");
        await first.StopAsync();
        await first.DisposeAsync();
        var stored = await database.QueryAsync("SELECT count(*) FROM OrleansStorage WHERE PayloadBinary IS NOT NULL", r => r.GetInt64(0));
        stored.Single().ShouldBeGreaterThan(0);

        await using var second = await InProcessSilo.StartAsync(settings);
        await scenario.ProduceAsync(events.Skip(1_000));

        await scenario.AssertResultsAsync(events, deadline, () => "");
    }
}

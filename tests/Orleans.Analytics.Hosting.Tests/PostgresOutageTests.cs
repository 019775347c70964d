using System.Globalization;
using System.Text.Json;
using Orleans.Analytics.Grains.Tests;
using Orleans.Analytics.Grains.Tests.Faults;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>
/// Issue 10 §5, PostgreSQL restarted mid-stream: two silo processes keep their membership, grain state and reminders
/// on a PostgreSQL server of the test's own, with the default <c>Processing</c> settings. While the server is down the
/// silos keep running and <c>/api/pipeline</c> shows the outage (the error, since when); once it is back every window
/// is exact, nothing lost or counted twice.
/// </summary>
public sealed class PostgresOutageTests(EmbeddedKafkaFixture kafka)
{
    [Fact]
    public async Task PostgreSQL_restarted_mid_stream_loses_nothing_and_the_status_shows_the_outage()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        await using var server = await PrivatePostgresServer.StartAsync();
        // Not dropped at the end: the whole server goes.
        var database = await PostgresDatabase.CreateWithSchemaAsync(server.ConnectionString);
        var scenario = new AnalyticsScenario(kafka);
        var settings = scenario.DefaultSettings(database.ConnectionString, "pg-" + Guid.NewGuid().ToString("N")[..8]);
        settings["Kafka:CommitInterval"] = "00:00:00.200";
        foreach (var key in settings.Keys.Where(k => k.StartsWith("Processing:", StringComparison.Ordinal)).ToList())
        {
            // Every Processing setting at its default, the job windows too (DefaultWindowResults checks the default windows).
            settings.Remove(key);
        }

        var events = AnalyticsWorkload.Generate(2_400, users: 24, AnalyticsScenario.Start, spanMs: 295_000, maxDisorderMs: 2_000, seed: 40);
        await using var a = SiloProcess.Start("silo-a", settings);
        await using var b = SiloProcess.Start("silo-b", settings);
        string Diagnostics() => a.Status() + Environment.NewLine + a.Output(80) + Environment.NewLine + b.Output(80);
        await a.WaitUntilReadyAsync(deadline);
        await b.WaitUntilReadyAsync(deadline);
        (await StorageAsync(a)).GetProperty("healthy").GetBoolean().ShouldBeTrue(Diagnostics());

        var results = new DefaultWindowResults(kafka, scenario.Topics) { Patience = deadline - DateTime.UtcNow };
        await scenario.ProduceAsync(events.Take(1_200));
        await scenario.WaitForAsync("EventMetrics", r => r.Count > 0, deadline, Diagnostics);

        // The database goes away mid-stream: the rest of the stream is written meanwhile.
        await server.StopAsync();
        var stoppedAt = DateTimeOffset.UtcNow;
        await scenario.ProduceAsync(events.Skip(1_200));
        JsonElement outage = default;
        await WaitUntilAsync(async () => (outage = await StorageAsync(a)).GetProperty("healthy").GetBoolean() is false, "the status to show the outage", deadline, Diagnostics);
        outage.GetProperty("lastError").GetString().ShouldNotBeNullOrWhiteSpace();
        outage.GetProperty("failingSince").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(stoppedAt.AddSeconds(-1));
        await WaitUntilAsync(async () => await ReadAsync(a) + await ReadAsync(b) >= events.Count, "every record to be read during the outage", deadline, Diagnostics);
        a.HasExited.ShouldBeFalse();
        b.HasExited.ShouldBeFalse();

        await server.StartAgainAsync();
        await WaitUntilAsync(async () => (await StorageAsync(a)).GetProperty("healthy").GetBoolean(), "the status to show the database back", deadline, Diagnostics);
        await results.AssertExactAsync(events);
        kafka.ReadAll(scenario.Topics["DeadLetters"]).ShouldBeEmpty("no record was given up on during the outage");
        a.HasExited.ShouldBeFalse();
        b.HasExited.ShouldBeFalse();
    }

    private static async Task<JsonElement> StorageAsync(SiloProcess silo)
    {
        // 200 with the whole status, or 503 while it cannot be gathered (the silo list lives in the database): both
        // carry the storage's health.
        using var response = await silo.Http.GetAsync(new Uri("/api/pipeline", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonDocument.Parse(body).RootElement.GetProperty("storage").Clone();
    }

    private static async Task<double> ReadAsync(SiloProcess silo)
    {
        var metrics = await silo.MetricsAsync();
        return metrics.Split('\n')
            .Where(line => line.StartsWith("orleans_analytics_kafka_records_read_total{", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, DateTime deadline, Func<string> diagnostics)
    {
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow <= deadline)
            {
                // The silo answers again in a moment; the deadline bounds the wait.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not in time: {what}.{Environment.NewLine}{diagnostics()}");
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orleans.Analytics.Grains.Tests.Examples;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.TestInfrastructure;
using Orleans.TestingHost;

namespace Orleans.Analytics.Grains.Tests;

/// <summary>
/// The example job of docs/adding-a-job.md, exactly as the guide shows it, registered with its one line beside the
/// standard jobs and run on a two-silo cluster with the pipeline's default settings, against a naive reference.
/// </summary>
public sealed partial class OrdersPerRegionJobTests(EmbeddedKafkaFixture kafka) : IAsyncLifetime
{
    private const long WindowMs = 20_000;
    private const double Percentile = 90;
    private static readonly string[] Regions = ["eu-west", "eu-north", "us-east", "ap-south", "sa-east"];
    private TestCluster? _cluster;

    public ValueTask InitializeAsync()
    {
        SharedGrainStorage.Clear();
        SharedReminderTable.Clear();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        AnalyticsTestSiloConfigurator.ExtraJobs = null;
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public void The_guide_shows_the_example_code_verbatim()
    {
        var root = RepositoryRoot();
        var guide = File.ReadAllText(Path.Combine(root, "docs", "adding-a-job.md")).ReplaceLineEndings("\n");
        var examples = Directory.GetFiles(Path.Combine(root, "tests", "Orleans.Analytics.Grains.Tests", "Examples"), "*.cs")
            .Select(f => File.ReadAllText(f).ReplaceLineEndings("\n"))
            .ToList();

        var blocks = CSharpBlock().Matches(guide).Select(m => m.Groups[1].Value).ToList();

        blocks.Count.ShouldBeGreaterThanOrEqualTo(examples.Count, "every example file is shown");
        foreach (var block in blocks)
        {
            examples.ShouldContain(e => e.Contains(block, StringComparison.Ordinal), "the guide's code block is in an example file verbatim:\n" + block);
        }

        guide.ShouldContain("""jobs.Add<OrdersPerRegionJob, OrdersPerRegionOptions>("Jobs:OrdersPerRegion")""");
    }

    [Fact]
    public async Task The_example_job_computes_what_a_naive_reference_computes_with_the_default_settings()
    {
        var start = new DateTimeOffset(2024, 6, 1, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var random = new Random(12);
        var orders = Enumerable.Range(0, 1_500).Select(i =>
        {
            // Disorder of up to 3 s, within the default watermark delay (10 s): no order is late.
            var placedAt = start + (i * 80L) - random.Next(0, 3_000);
            // One in twenty is a refund (a negative amount), which the job's filter leaves out.
            var amount = Math.Round((decimal)(random.NextDouble() * 200 + 0.5) * (i % 20 == 7 ? -1 : 1), 2);
            return (Id: $"o-{i}", Region: Regions[random.Next(Regions.Length)], Amount: amount, PlacedAt: placedAt);
        }).ToList();
        string[] bad =
        [
            "not json at all",
            """{"order_id":"b-1","region":"eu-west","amount":"twelve","placed_at":"2024-06-01T08:00:01Z"}""",
            """{"order_id":"b-2","amount":5,"placed_at":"2024-06-01T08:00:01Z"}""",
            """{"order_id":"b-3","region":null,"amount":5,"placed_at":"2024-06-01T08:00:01Z"}""",
        ];
        var records = orders.Select(o => ((string?)o.Id, Json(o))).ToList();
        for (var i = 0; i < bad.Length; i++)
        {
            records.Insert(200 + (i * 300), ($"bad-{i}", bad[i]));
        }

        var input = kafka.CreateTopic("orders", 4);
        var output = kafka.CreateTopic("orders-per-region", 2);
        AnalyticsTestSiloConfigurator.ExtraJobs = jobs => jobs.Add<OrdersPerRegionJob, OrdersPerRegionOptions>("Jobs:OrdersPerRegion");
        var properties = new Dictionary<string, string>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:ConsumerGroup"] = kafka.UniqueName("orders"),
            // The job's own options; every Processing:* setting keeps its default.
            ["Jobs:OrdersPerRegion:Topic"] = input,
            ["Jobs:OrdersPerRegion:SinkTopic"] = output,
            ["Jobs:OrdersPerRegion:WindowSize"] = TimeSpan.FromMilliseconds(WindowMs).ToString("c", CultureInfo.InvariantCulture),
            ["Jobs:OrdersPerRegion:Percentile"] = Percentile.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var name in new[] { "Events", "EventMetrics", "SessionMetrics", "PerformanceMetrics", "ProcessingMetrics", "LateEvents", "DeadLetters" })
        {
            properties[$"Kafka:Topics:{name}"] = kafka.CreateTopic(name.ToLowerInvariant(), name == "Events" ? 4 : 1);
        }

        _cluster = await TestClusters.StartAsync<AnalyticsTestSiloConfigurator>(2, properties);
        var produced = await kafka.ProduceAsync(input, records);

        var expected = orders.Where(o => o.Amount > 0)
            .GroupBy(o => $"{o.Region}|{Iso(o.PlacedAt - (o.PlacedAt % WindowMs))}")
            .ToDictionary(g => g.Key, g => (Count: g.Count(), Revenue: g.Sum(o => o.Amount), AtPercentile: NearestRank(g.Select(o => o.Amount), Percentile / 100)));
        var deadline = DateTime.UtcNow.AddSeconds(180);
        var actual = new Dictionary<string, JsonElement>();
        while (actual.Count < expected.Count && DateTime.UtcNow < deadline)
        {
            await kafka.WaitForProducedAsync(output, TimeSpan.FromSeconds(2));
            actual = kafka.ReadAll(output).ToDictionary(r => r.Message.Key!, r => JsonDocument.Parse(r.Message.Value).RootElement);
        }

        actual.Keys.Order().ShouldBe(expected.Keys.Order());
        foreach (var (key, (count, revenue, atPercentile)) in expected)
        {
            var result = actual[key];
            result.GetProperty("region").GetString().ShouldBe(key[..key.IndexOf('|', StringComparison.Ordinal)]);
            result.GetProperty("orders").GetInt64().ShouldBe(count, key);
            result.GetProperty("revenue").GetDouble().ShouldBe((double)revenue, 0.01, key);
            result.GetProperty("percentile").GetDouble().ShouldBe(Percentile);
            // The sketch's documented bound: within 1 % of the exact nearest-rank value (plus the rounding to cents).
            result.GetProperty("amount_at_percentile").GetDouble().ShouldBe((double)atPercentile, ((double)atPercentile * 0.01) + 0.005, key);
            result.GetProperty("revision").GetInt32().ShouldBe(0, key);
        }

        kafka.ReadAll(properties["Kafka:Topics:LateEvents"]).ShouldBeEmpty("the disorder is within the default watermark delay");
        var letters = kafka.ReadAll(properties["Kafka:Topics:DeadLetters"]).Select(r => JsonDocument.Parse(r.Message.Value).RootElement).ToList();
        letters.Select(l => l.GetProperty("raw_text").GetString()).Order().ShouldBe(bad.Order());
        var badOffsets = produced.Where(p => p.Key is not null && p.Key.StartsWith("bad-", StringComparison.Ordinal)).Select(p => (p.Partition, p.Offset)).Order();
        letters.Select(l => (l.GetProperty("partition").GetInt32(), l.GetProperty("offset").GetInt64())).Order().ShouldBe(badOffsets);
        foreach (var letter in letters)
        {
            letter.GetProperty("topic").GetString().ShouldBe(input);
            letter.GetProperty("error_type").GetString().ShouldBe("PARSE_ERROR");
            letter.GetProperty("reason").GetString()!.ShouldStartWith("orders-per-region: ");
            letter.GetProperty("reason").GetString()!.ShouldContain("not a valid Order");
        }
    }

    private static string Json((string Id, string Region, decimal Amount, long PlacedAt) order) =>
        JsonSerializer.Serialize(
            new Order { OrderId = order.Id, Region = order.Region, Amount = order.Amount, PlacedAt = DateTimeOffset.FromUnixTimeMilliseconds(order.PlacedAt) },
            OrdersJson.Default.Order);

    // Nearest rank: the ⌈q·n⌉-th smallest.
    private static decimal NearestRank(IEnumerable<decimal> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1)];
    }

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orleans.Analytics.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("The repository root (Orleans.Analytics.sln) is not above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}

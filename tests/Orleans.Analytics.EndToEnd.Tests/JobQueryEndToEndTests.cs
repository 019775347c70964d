using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Orleans.Analytics.Cli;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.EndToEnd.Tests;

/// <summary>
/// Live queries against the real silo with its default processing settings: <c>GET /api/jobs/{job}/keys/{key}</c>
/// and <c>query JOB KEY</c> mid-stream, compared with a reference computed from the records produced up to the
/// offsets the answer says it covers.
/// </summary>
public sealed class JobQueryEndToEndTests(EmbeddedKafkaFixture kafka)
{
    private const int Partitions = 4;
    private const int Users = 8;
    private const string Password = "query-secret";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly string[] Types = ["page_view", "click", "page_view", "conversion", "add_to_cart"];

    // An hour ahead of the clock and aligned to the minute: the windows stay open while the test queries them,
    // whatever the watermark does with the wall clock once every partition is idle.
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(
        (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 * 60_000) + (long)TimeSpan.FromHours(1).TotalMilliseconds);

    private readonly string _events = kafka.CreateTopic("query-events", Partitions);
    private readonly List<(int Partition, long Offset, int Id, int User, string Type, DateTimeOffset Time)> _produced = [];

    private Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:Partitions"] = Partitions.ToString(CultureInfo.InvariantCulture),
            ["Kafka:ConsumerGroup"] = kafka.UniqueName("query"),
            ["Kafka:Topics:Events"] = _events,
            ["Jobs:EventProcessor:Enabled"] = "false",
            ["Tda:Enabled"] = "false",
            ["Http:Auth:Password"] = Password,
        };
        foreach (var (key, prefix) in new[]
        {
            ("EventMetrics", "query-event-metrics"), ("SessionMetrics", "query-sessions"), ("PerformanceMetrics", "query-performance"),
            ("ProcessingMetrics", "query-processing"), ("LateEvents", "query-late"), ("DeadLetters", "query-dead"),
        })
        {
            settings[$"Kafka:Topics:{key}"] = kafka.CreateTopic(prefix, Partitions);
        }

        return settings;
    }

    [Fact]
    public async Task A_query_mid_stream_shows_the_partial_results_of_every_record_up_to_its_offsets()
    {
        await using var silo = await SiloUnderTest.StartAsync(Settings());
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Password)));

        foreach (var (from, count) in new[] { (0, 120), (120, 90) })
        {
            // Produce, stop, and wait until the answer covers everything produced; then it must equal the reference.
            await ProduceAsync(from, count);

            var clicks = await WaitUntilCoveredAsync(http, "event-aggregator", "click", e => e.Type == "click");
            var window = clicks.GetProperty("windows").EnumerateArray().Single();
            var expectedClicks = _produced.Where(e => e.Type == "click").ToList();
            window.GetProperty("start").GetDateTimeOffset().ShouldBe(Start);
            window.GetProperty("end").GetDateTimeOffset().ShouldBe(Start.AddMinutes(1));
            window.GetProperty("closed").GetBoolean().ShouldBeFalse();
            var result = window.GetProperty("result");
            result.GetProperty("event_type").GetString().ShouldBe("click");
            result.GetProperty("window_start").GetDateTimeOffset().ShouldBe(Start);
            result.GetProperty("event_count").GetInt64().ShouldBe(expectedClicks.Count);
            result.GetProperty("unique_users").GetInt32().ShouldBe(expectedClicks.Select(e => e.User).Distinct().Count());
            clicks.GetProperty("sessions").GetArrayLength().ShouldBe(0);

            // Sessions are co-partitioned: the user's key grain is the one of the partition holding the user's records.
            var user = await WaitUntilCoveredAsync(http, "session-tracker", "user-3", e => e.User == 3);
            var userEvents = _produced.Where(e => e.User == 3).ToList();
            user.GetProperty("grain").GetString().ShouldBe($"session-tracker|partition:{userEvents[0].Partition}");
            user.GetProperty("windows").GetArrayLength().ShouldBe(0);
            var session = user.GetProperty("sessions").EnumerateArray().Single().GetProperty("result");
            session.GetProperty("user_id").GetString().ShouldBe("user-3");
            session.GetProperty("event_count").GetInt64().ShouldBe(userEvents.Count);
            session.GetProperty("page_views").GetInt64().ShouldBe(userEvents.Count(e => e.Type == "page_view"));
            session.GetProperty("clicks").GetInt64().ShouldBe(userEvents.Count(e => e.Type == "click"));
            session.GetProperty("conversions").GetInt64().ShouldBe(userEvents.Count(e => e.Type == "conversion"));
            session.GetProperty("session_start").GetDateTimeOffset().ShouldBe(userEvents.Min(e => e.Time));
            session.GetProperty("session_end").GetDateTimeOffset().ShouldBe(userEvents.Max(e => e.Time));

            // The command line prints the same answer.
            var (exit, output, error) = Cli("query", "session-tracker", "user-3", "--url", silo.BaseAddress.ToString(), "--password", Password);
            exit.ShouldBe(0, error);
            using var printed = JsonDocument.Parse(output);
            JsonElement.DeepEquals(printed.RootElement.GetProperty("sessions"), user.GetProperty("sessions")).ShouldBeTrue(output);
            JsonElement.DeepEquals(printed.RootElement.GetProperty("offsets"), user.GetProperty("offsets")).ShouldBeTrue(output);
        }
    }

    [Fact]
    public async Task Unknown_jobs_are_named_keys_without_state_answer_empty_and_the_login_is_required()
    {
        await using var silo = await SiloUnderTest.StartAsync(Settings());
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };

        (await http.GetAsync("/api/jobs/event-aggregator/keys/click", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var (refused, _, refusal) = Cli("query", "event-aggregator", "click", "--url", silo.BaseAddress.ToString());
        refused.ShouldBe(3);
        refusal.ShouldContain("refused the login");

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Password)));
        var unknown = await http.GetAsync("/api/jobs/no-such-job/keys/click", TestContext.Current.CancellationToken);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var message = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("error").GetString() ?? string.Empty;
        message.ShouldContain("No job is named 'no-such-job'");
        message.ShouldContain("event-aggregator");

        var (exit, _, error) = Cli("query", "no-such-job", "click", "--url", silo.BaseAddress.ToString(), "--password", Password);
        exit.ShouldBe(1);
        error.ShouldContain("404");
        error.ShouldContain("No job is named 'no-such-job'");

        using var empty = JsonDocument.Parse(await http.GetStringAsync("/api/jobs/event-aggregator/keys/never-seen", TestContext.Current.CancellationToken));
        empty.RootElement.GetProperty("job").GetString().ShouldBe("event-aggregator");
        empty.RootElement.GetProperty("key").GetString().ShouldBe("never-seen");
        empty.RootElement.GetProperty("windows").GetArrayLength().ShouldBe(0);
        empty.RootElement.GetProperty("sessions").GetArrayLength().ShouldBe(0);
        empty.RootElement.GetProperty("offsets").EnumerateObject().ShouldBeEmpty();
    }

    /// <summary>Queries until the answer's offsets reach, per partition, the last record <paramref name="ofKey"/> selects.</summary>
    private async Task<JsonElement> WaitUntilCoveredAsync(HttpClient http, string job, string key, Func<(int Partition, long Offset, int Id, int User, string Type, DateTimeOffset Time), bool> ofKey)
    {
        var ends = _produced.Where(ofKey).GroupBy(e => e.Partition).ToDictionary(g => g.Key, g => g.Max(e => e.Offset));
        ends.ShouldNotBeEmpty();
        var deadline = DateTime.UtcNow + Patience;
        JsonElement answer;
        while (true)
        {
            using var document = JsonDocument.Parse(await http.GetStringAsync($"/api/jobs/{job}/keys/{key}", TestContext.Current.CancellationToken));
            answer = document.RootElement.Clone();
            var offsets = answer.GetProperty("offsets").EnumerateObject().ToDictionary(p => int.Parse(p.Name, CultureInfo.InvariantCulture), p => p.Value.GetInt64());
            if (ends.All(e => offsets.TryGetValue(e.Key, out var applied) && applied >= e.Value))
            {
                // Nothing past what was produced, and of no partition the key has no record in.
                offsets.Keys.ShouldBeSubsetOf(ends.Keys);
                foreach (var (partition, applied) in offsets)
                {
                    applied.ShouldBeLessThanOrEqualTo(_produced.Where(e => e.Partition == partition).Max(e => e.Offset));
                }

                return answer;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{job}/{key} answered offsets {answer.GetProperty("offsets")} within {Patience}; the produced records end at {string.Join(", ", ends)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
        }
    }

    private async Task ProduceAsync(int from, int count)
    {
        var events = Enumerable.Range(from, count).Select(i => (Id: i, User: i % Users, Type: Types[i % Types.Length], Time: Start.AddMilliseconds(i * 200L))).ToList();
        var positions = await kafka.ProduceAsync(_events, events.Select(e => ((string?)$"user-{e.User}", Event(e.Id, e.User, e.Type, e.Time))));
        for (var i = 0; i < events.Count; i++)
        {
            _produced.Add((positions[i].Partition, positions[i].Offset, events[i].Id, events[i].User, events[i].Type, events[i].Time));
        }
    }

    private static (int Exit, string Output, string Error) Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string Event(int id, int user, string type, DateTimeOffset time) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["event_id"] = $"query-{id}",
        ["event_time"] = time.ToUnixTimeMilliseconds(),
        ["user_id"] = $"user-{user}",
        ["session_id"] = $"s-{user}",
        ["event"] = new { type, page = "/" },
        ["device"] = new { type = "desktop", user_agent = "Mozilla/5.0 (X11; Linux x86_64)" },
        ["performance"] = new { page_load_ms = 120 + (id % 50) },
    });
}

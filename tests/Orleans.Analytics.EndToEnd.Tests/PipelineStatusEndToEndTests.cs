using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.EndToEnd.Tests;

/// <summary>
/// The operator's view of a running silo: <c>/api/pipeline</c> against what was produced, the page that renders it
/// in a real browser, the grain dashboard, and Basic authentication when it is configured.
/// </summary>
public sealed class PipelineStatusEndToEndTests(EmbeddedKafkaFixture kafka)
{
    private const int Partitions = 4;
    private const int Users = 16;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string _events = kafka.CreateTopic("status-events", Partitions);

    private Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:Partitions"] = Partitions.ToString(CultureInfo.InvariantCulture),
            ["Kafka:ConsumerGroup"] = kafka.UniqueName("status"),
            ["Kafka:Topics:Events"] = _events,
            ["Jobs:EventProcessor:Enabled"] = "false",
            ["Tda:Enabled"] = "false",
            ["Processing:WatermarkDelay"] = "00:00:00",
            ["Processing:MetricsWindowSize"] = "00:01:00",
        };
        foreach (var (key, prefix) in new[]
        {
            ("EventMetrics", "status-event-metrics"), ("SessionMetrics", "status-sessions"), ("PerformanceMetrics", "status-performance"),
            ("ProcessingMetrics", "status-processing"), ("LateEvents", "status-late"), ("DeadLetters", "status-dead"),
        })
        {
            settings[$"Kafka:Topics:{key}"] = kafka.CreateTopic(prefix, Partitions);
        }

        return settings;
    }

    [Fact]
    public async Task Pipeline_status_shows_each_partition_owned_with_its_watermark_and_lag_and_the_jobs_results()
    {
        await using var silo = await SiloUnderTest.StartAsync(Settings());
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        var produced = await ProduceTwoClosedWindowsAsync();

        // Offsets are committed at checkpoints: once a partition has read everything and nothing new came for a moment.
        var status = await WaitForStatusAsync(http, s =>
            Partition(s).All(p => p.GetProperty("lag").ValueKind == JsonValueKind.Number && p.GetProperty("lag").GetInt64() == 0
                && (!produced.TryGetValue(p.GetProperty("partition").GetInt32(), out var end) || p.GetProperty("committed").GetInt64() == end.Offset + 1))
            && Job(s, "event-aggregator") is { } job && job.GetProperty("results").GetInt64() > 0
            && Job(s, "session-tracker") is { } sessions && sessions.GetProperty("windowsOpen").GetInt64() == Users);

        var silos = status.GetProperty("silos").EnumerateArray().ToList();
        silos.Count.ShouldBe(1);
        silos[0].GetProperty("status").GetString().ShouldBe("Active");
        var address = silos[0].GetProperty("address").GetString();
        var partitions = Partition(status).ToList();
        partitions.Select(p => p.GetProperty("partition").GetInt32()).Order().ShouldBe(Enumerable.Range(0, Partitions));
        foreach (var partition in partitions)
        {
            partition.GetProperty("owner").GetString().ShouldBe(address);
            var number = partition.GetProperty("partition").GetInt32();
            if (produced.TryGetValue(number, out var last))
            {
                // The partition's watermark is its highest event time (the delay is zero).
                partition.GetProperty("watermark").GetDateTimeOffset().ShouldBe(last.MaxEventTime);
                partition.GetProperty("committed").GetInt64().ShouldBe(last.Offset + 1);
            }
        }

        var aggregator = Job(status, "event-aggregator")!.Value;
        aggregator.GetProperty("lastResultAt").ValueKind.ShouldBe(JsonValueKind.String);

        // One session per user is open (the gap is 30 minutes), none emitted yet.
        var sessionTracker = Job(status, "session-tracker")!.Value;
        sessionTracker.GetProperty("windowsOpen").GetInt64().ShouldBe(Users);
        sessionTracker.GetProperty("lastResultAt").ValueKind.ShouldBe(JsonValueKind.Null);
        status.GetProperty("watermarks").EnumerateArray().Single().GetProperty("topic").GetString().ShouldBe(_events);
    }

    [Fact]
    public async Task The_pipeline_page_renders_the_status_in_a_real_browser()
    {
        await using var silo = await SiloUnderTest.StartAsync(Settings());
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        await ProduceTwoClosedWindowsAsync();
        await WaitForStatusAsync(http, s => Job(s, "event-aggregator") is { } job && job.GetProperty("results").GetInt64() > 0);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var response = await page.GotoAsync(new Uri(silo.BaseAddress, "/pipeline").ToString());
        response.ShouldNotBeNull().Status.ShouldBe(200);

        // The page fetched the status and drew one row per partition and one per job.
        await page.WaitForFunctionAsync(
            "n => document.querySelectorAll('#partitions tbody tr').length >= n && document.querySelector('#jobs tbody').textContent.includes('event-aggregator')",
            Partitions,
            new PageWaitForFunctionOptions { Timeout = (float)Patience.TotalMilliseconds });
        (await page.Locator("#state").GetAttributeAsync("class")).ShouldNotBe("error");
        var rows = await page.Locator("#partitions tbody tr").AllInnerTextsAsync();
        rows.Count(r => r.StartsWith(_events, StringComparison.Ordinal)).ShouldBe(Partitions);
        rows.ShouldAllBe(r => !r.Contains("unowned"));
        var jobRow = (await page.Locator("#jobs tbody tr").AllInnerTextsAsync()).Single(r => r.StartsWith("event-aggregator", StringComparison.Ordinal));
        jobRow.ShouldNotContain("—");

        var screenshot = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Type = ScreenshotType.Png });
        var path = Path.Combine(Path.GetTempPath(), $"pipeline-page-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(path, screenshot, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {path}");
        var (width, height) = Png.Size(screenshot);
        width.ShouldBe(1280);
        height.ShouldBeGreaterThan(400);

        // The rendered page is not blank: the tables' text is visible in the picture's colours.
        var distinctColours = await page.EvaluateAsync<int>(
            """
            async png => {
              const image = new Image();
              image.src = 'data:image/png;base64,' + png;
              await image.decode();
              const canvas = document.createElement('canvas');
              canvas.width = image.width; canvas.height = image.height;
              const context = canvas.getContext('2d');
              context.drawImage(image, 0, 0);
              const data = context.getImageData(0, 0, image.width, image.height).data;
              const colours = new Set();
              for (let i = 0; i < data.length; i += 4 * 97) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
              return colours.size;
            }
            """,
            Convert.ToBase64String(screenshot));
        distinctColours.ShouldBeGreaterThan(8);
    }

    [Fact]
    public async Task Under_load_the_page_shows_rates_lag_and_sparklines_and_the_lag_falls_to_zero_after()
    {
        await using var silo = await SiloUnderTest.StartAsync(Settings());
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        using var load = new CancellationTokenSource();
        var producing = ProduceSteadilyAsync(load.Token);
        try
        {
            await CheckUnderLoadAsync(silo, http, load, producing);
        }
        finally
        {
            // The producer is closed before the test ends, whatever happened: a librdkafka client left open races the process's exit.
            await load.CancelAsync();
            await producing;
        }
    }

    private async Task CheckUnderLoadAsync(SiloUnderTest silo, HttpClient http, CancellationTokenSource load, Task<int> producing)
    {

        // Under load: every partition reads records, the jobs take them in and emit results, the history has points.
        var busy = await WaitForStatusAsync(http, s =>
            Partition(s).Count() == Partitions
            && Partition(s).All(p => Number(p, "inPerSecond") > 0 && p.GetProperty("inHistory").GetArrayLength() >= 3)
            && Job(s, "event-aggregator") is { } job && Number(job, "inPerSecond") > 0 && Number(job, "outPerSecond") > 0);
        foreach (var partition in Partition(busy))
        {
            Number(partition, "outPerSecond").ShouldBeGreaterThanOrEqualTo(0);
            partition.GetProperty("lagTrendPerSecond").ValueKind.ShouldBe(JsonValueKind.Number);
            partition.GetProperty("pauses").GetInt64().ShouldBeGreaterThanOrEqualTo(0);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        (await page.GotoAsync(new Uri(silo.BaseAddress, "/pipeline").ToString())).ShouldNotBeNull().Status.ShouldBe(200);

        // Each partition row draws a sparkline: an SVG path through several points.
        await page.WaitForFunctionAsync(
            """
            n => {
              const rows = [...document.querySelectorAll('#partitions tbody tr')];
              return rows.length >= n && rows.every(r => {
                const path = r.querySelector('svg.spark path.in');
                return path && (path.getAttribute('d').match(/L/g) || []).length >= 2;
              });
            }
            """,
            Partitions,
            new PageWaitForFunctionOptions { Timeout = (float)Patience.TotalMilliseconds });
        var headers = (await page.Locator("#partitions thead th").AllInnerTextsAsync()).ToList();
        var inColumn = headers.IndexOf("In/s");
        var checkpointColumn = headers.IndexOf("Last checkpoint");
        inColumn.ShouldBeGreaterThan(0);
        var cells = await page.EvaluateAsync<string[][]>("() => [...document.querySelectorAll('#partitions tbody tr')].map(r => [...r.cells].map(c => c.textContent))");
        cells.ShouldAllBe(row => double.Parse(row[inColumn], CultureInfo.InvariantCulture) > 0, "records in per second under load");
        cells.ShouldAllBe(row => row[checkpointColumn].Contains("ms"), "each partition has been committed");
        var jobHeaders = (await page.Locator("#jobs thead th").AllInnerTextsAsync()).ToList();
        var jobRow = await page.EvaluateAsync<string[]>("() => [...[...document.querySelectorAll('#jobs tbody tr')].find(r => r.cells[0].textContent === 'event-aggregator').cells].map(c => c.textContent)");
        double.Parse(jobRow[jobHeaders.IndexOf("In/s")], CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);

        // A screenshot at the fixed viewport, kept as a test artifact: the expected size, and not blank.
        var screenshot = await page.ScreenshotAsync(new PageScreenshotOptions { Type = ScreenshotType.Png });
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots"));
        await File.WriteAllBytesAsync(Path.Combine(artifacts.FullName, "pipeline-under-load.png"), screenshot, TestContext.Current.CancellationToken);
        Png.Size(screenshot).ShouldBe((1600, 1000));
        var pixels = await page.EvaluateAsync<int[]>(
            """
            async png => {
              const image = new Image();
              image.src = 'data:image/png;base64,' + png;
              await image.decode();
              const canvas = document.createElement('canvas');
              canvas.width = image.width; canvas.height = image.height;
              const context = canvas.getContext('2d');
              context.drawImage(image, 0, 0);
              const data = context.getImageData(0, 0, image.width, image.height).data;
              let foreground = 0, sparkline = 0;
              for (let i = 0; i < data.length; i += 4) {
                const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
                if (Math.abs(r - 0xf6) + Math.abs(g - 0xf7) + Math.abs(b - 0xf9) > 6) foreground++;
                if (b > 180 && r < 90 && g < 140) sparkline++;
              }
              return [foreground, sparkline, image.width * image.height];
            }
            """,
            Convert.ToBase64String(screenshot));
        // Tables (white), their text and the sparklines cover a good part of the picture; a blank page is all background.
        ((double)pixels[0] / pixels[2]).ShouldBeGreaterThan(0.1, "the page is drawn, not blank");
        pixels[1].ShouldBeGreaterThan(50, "the sparklines' blue lines are in the picture");

        // Once the load stops, every partition catches up: the lag falls to zero, on the page too.
        await load.CancelAsync();
        var produced = await producing;
        produced.ShouldBeGreaterThan(0);
        await WaitForStatusAsync(http, s => Partition(s).All(p => p.GetProperty("lag").ValueKind == JsonValueKind.Number && p.GetProperty("lag").GetInt64() == 0));
        var lagColumn = headers.IndexOf("Lag");
        await page.WaitForFunctionAsync(
            "c => [...document.querySelectorAll('#partitions tbody tr')].every(r => r.cells[c].textContent === '0')",
            lagColumn,
            new PageWaitForFunctionOptions { Timeout = (float)Patience.TotalMilliseconds });
    }

    [Fact]
    public async Task The_grain_dashboard_is_served()
    {
        await using var silo = await SiloUnderTest.StartAsync(Settings());
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        using var response = await http.GetAsync("/dashboard/", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("<html", Case.Insensitive);
    }

    [Fact]
    public async Task With_a_password_the_dashboard_api_and_page_require_it_and_probes_stay_open()
    {
        var settings = Settings();
        settings["Http:Auth:Password"] = "s3cret-pw";
        await using var silo = await SiloUnderTest.StartAsync(settings);
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        var ct = TestContext.Current.CancellationToken;

        foreach (var path in new[] { "/api/pipeline", "/pipeline", "/dashboard/" })
        {
            using var anonymous = await http.GetAsync(path, ct);
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, path);
            anonymous.Headers.WwwAuthenticate.ToString().ShouldContain("Basic");

            using var wrong = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = Basic("admin", "guess") } };
            (await http.SendAsync(wrong, ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, path);

            using var right = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = Basic("admin", "s3cret-pw") } };
            (await http.SendAsync(right, ct)).StatusCode.ShouldBe(HttpStatusCode.OK, path);
        }

        (await http.GetAsync("/healthz", ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync("/metrics", ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    // Events over two minutes of event time on every partition, then one later event per partition: the watermark
    // passes the first two one-minute windows without waiting for any clock.
    private async Task<Dictionary<int, (DateTimeOffset MaxEventTime, long Offset)>> ProduceTwoClosedWindowsAsync()
    {
        var records = new List<(string? Key, string Value)>();
        for (var i = 0; i < 200; i++)
        {
            var time = Start.AddMilliseconds(i * 600);
            records.Add(($"user-{i % Users}", Event(i, i % Users, time)));
        }

        for (var user = 0; user < Users; user++)
        {
            records.Add(($"user-{user}", Event(1000 + user, user, Start.AddMinutes(2).AddSeconds(30))));
        }

        var positions = await kafka.ProduceAsync(_events, records);
        var result = new Dictionary<int, (DateTimeOffset MaxEventTime, long Offset)>();
        for (var i = 0; i < records.Count; i++)
        {
            var time = i < 200 ? Start.AddMilliseconds(i * 600) : Start.AddMinutes(2).AddSeconds(30);
            var (partition, offset, _) = positions[i];
            result[partition] = result.TryGetValue(partition, out var known)
                ? (time > known.MaxEventTime ? time : known.MaxEventTime, Math.Max(offset, known.Offset))
                : (time, offset);
        }

        return result;
    }

    // Keyed by user like the records, as the session tracker expects.
    private static string Event(int id, int user, DateTimeOffset time) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["event_id"] = $"status-{id}",
        ["event_time"] = time.ToUnixTimeMilliseconds(),
        ["user_id"] = $"user-{user}",
        ["session_id"] = $"s-{user}",
        ["event"] = new { type = id % 3 == 0 ? "click" : "page_view", page = "/" },
        ["device"] = new { type = "desktop", user_agent = "Mozilla/5.0 (X11; Linux x86_64)" },
        ["performance"] = new { page_load_ms = 120 + id % 50 },
    });

    // Events at a steady pace until cancelled, their event time moving on so that windows close; returns how many.
    private async Task<int> ProduceSteadilyAsync(CancellationToken stop)
    {
        using var producer = kafka.CreateProducer();
        var sent = 0;
        while (!stop.IsCancellationRequested)
        {
            var batch = Enumerable.Range(sent, 200).Select(i => producer.ProduceAsync(_events, new Confluent.Kafka.Message<string?, string>
            {
                Key = $"user-{i % Users}",
                Value = Event(i, i % Users, Start.AddMilliseconds(i * 50L)),
            })).ToList();
            await Task.WhenAll(batch);
            sent += batch.Count;
            try
            {
                // Paced, not a burst: the rates are measured while records keep arriving.
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return sent;
    }

    private static double Number(JsonElement element, string property) =>
        element.GetProperty(property) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : -1;

    private IEnumerable<JsonElement> Partition(JsonElement status) =>
        status.GetProperty("partitions").EnumerateArray().Where(p => p.GetProperty("topic").GetString() == _events);

    private static JsonElement? Job(JsonElement status, string name) =>
        status.GetProperty("jobs").EnumerateArray().Where(j => j.GetProperty("job").GetString() == name).Cast<JsonElement?>().FirstOrDefault();

    private static async Task<JsonElement> WaitForStatusAsync(HttpClient http, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            var body = await http.GetStringAsync("/api/pipeline", TestContext.Current.CancellationToken);
            last = JsonDocument.Parse(body).RootElement.Clone();
            if (done(last))
            {
                return last;
            }

            // The silos report every two seconds; ask again after a fraction of that.
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"The pipeline status did not reach the expected state within {Patience}; last: {last}");
    }
}

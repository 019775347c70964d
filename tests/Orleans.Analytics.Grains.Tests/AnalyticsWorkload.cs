using System.Globalization;
using System.Text.Json;

namespace Orleans.Analytics.Grains.Tests;

/// <summary>
/// A generated stream of analytics events: users browsing in sessions, event times increasing with a bounded
/// disorder (below the watermark delay, so no record is late), page-load times on page views.
/// </summary>
internal sealed record WorkloadEvent(string EventId, long EventTime, string UserId, string SessionId, string Type, string Page, string? DeviceType, string UserAgent, double? PageLoadMs)
{
    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["event_id"] = EventId,
        ["event_time"] = EventTime % 2 == 0 ? EventTime : DateTimeOffset.FromUnixTimeMilliseconds(EventTime).UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["user_id"] = UserId,
        ["session_id"] = SessionId,
        ["event"] = new { type = Type, page = Page, properties = new { } },
        ["device"] = new { type = DeviceType, os = "os", browser = "browser", user_agent = UserAgent },
        ["performance"] = PageLoadMs is { } load ? new { page_load_ms = load, ttfb_ms = 10 } : null,
    });
}

internal static class AnalyticsWorkload
{
    private static readonly string[] Types = ["page_view", "page_view", "page_view", "click", "click", "add_to_cart", "conversion", "scroll"];
    private static readonly string[] Pages = ["/", "/products", "/products/7", "/cart", "/checkout"];
    private static readonly (string? Type, string Agent)[] Devices =
    [
        ("desktop", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0"),
        ("mobile", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile"),
        (null, "Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) Mobile"),
        (null, "Googlebot/2.1 (+http://www.google.com/bot.html)"),
    ];

    /// <summary>Events in production order; each user's events are in its own session bursts separated by long pauses.</summary>
    public static List<WorkloadEvent> Generate(int count, int users, long start, long spanMs, long maxDisorderMs, int seed)
    {
        var random = new Random(seed);
        var events = new List<WorkloadEvent>(count);
        for (var i = 0; i < count; i++)
        {
            // Users are active in bursts of 20 s with 40 s pauses, so sessions start and end within the span.
            var clock = start + (long)((double)i / count * spanMs);
            var phase = (clock - start) / 20_000;
            var active = Enumerable.Range(0, users).Where(u => (phase + u) % 3 == 0).ToList();
            var user = active[random.Next(active.Count)];
            var eventTime = clock - random.NextInt64(0, maxDisorderMs + 1);
            var type = Types[random.Next(Types.Length)];
            var (deviceType, agent) = Devices[user % Devices.Length];
            events.Add(new WorkloadEvent(
                $"w-{i}",
                eventTime,
                $"user-{user}",
                $"s-{user}-{clock / 60_000}",
                type,
                Pages[random.Next(Pages.Length)],
                deviceType,
                agent,
                type == "page_view" ? Math.Round(50 + random.NextDouble() * random.NextDouble() * 4_000, 2) : null));
        }

        return events;
    }
}

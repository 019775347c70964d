using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Orleans.Analytics.Jobs.EventProcessing;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Silo.Demo;

/// <summary>
/// Writes realistic raw events to the event processor's input topic so a first run shows results within seconds:
/// mostly valid events, some that fail validation and a few that are not JSON at all.
/// </summary>
internal sealed partial class DemoEventGenerator(
    KafkaStreamOptions kafka,
    IOptions<EventProcessorOptions> processor,
    string analyticsTopic,
    double eventsPerSecond,
    TimeProvider time,
    ILogger<DemoEventGenerator> logger) : BackgroundService
{
    private static readonly string[] Types = ["user-action", "page-view", "purchase", "signup"];
    private static readonly string[] Actions = ["click", "scroll", "submit", "hover"];
    private static readonly string[] Pages = ["/", "/products", "/products/42", "/cart", "/checkout", "/account"];
    private static readonly (string Type, double Weight)[] AnalyticsTypes = [("page_view", 0.6), ("click", 0.25), ("add_to_cart", 0.08), ("conversion", 0.04), ("scroll", 0.03)];
    private static readonly (string? DeviceType, string UserAgent)[] Devices =
    [
        ("desktop", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"),
        ("mobile", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"),
        (null, "Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"),
        (null, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var producer = new ProducerBuilder<string, string>(KafkaClientConfig.Producer(kafka)).Build();
        var random = new Random(7);
        var topic = processor.Value.InputTopic;
        var interval = TimeSpan.FromSeconds(1 / eventsPerSecond);
        LogStarted(topic, eventsPerSecond);
        long sequence = 0;
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var (key, value) = Next(random, sequence);
            var (user, analytics) = NextAnalytics(random, sequence++);
            try
            {
                producer.Produce(topic, new Message<string, string> { Key = key, Value = value });
                producer.Produce(analyticsTopic, new Message<string, string> { Key = user, Value = analytics });
            }
            catch (ProduceException<string, string> ex)
            {
                LogProduceFailed(topic, ex.Error.Reason);
            }
        }

        producer.Flush(TimeSpan.FromSeconds(5));
    }

    private (string Key, string Value) Next(Random random, long sequence)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var id = string.Create(CultureInfo.InvariantCulture, $"event-{sequence}");
        var roll = random.NextDouble();
        if (roll < 0.02)
        {
            return (id, $"this is not valid JSON #{sequence}");
        }

        var data = new Dictionary<string, object>
        {
            ["action"] = Actions[random.Next(Actions.Length)],
            ["userId"] = random.Next(1, 500),
            ["page"] = Pages[random.Next(Pages.Length)],
        };
        object payload = roll switch
        {
            < 0.04 => new { type = Types[random.Next(Types.Length)], timestamp = now, data },
            < 0.06 => new { id, type = Types[random.Next(Types.Length)], timestamp = "yesterday", data },
            _ => new { id, type = Types[random.Next(Types.Length)], timestamp = now - random.Next(0, 1500), data },
        };
        return (id, JsonSerializer.Serialize(payload));
    }

    private (string User, string Value) NextAnalytics(Random random, long sequence)
    {
        var user = string.Create(CultureInfo.InvariantCulture, $"user-{random.Next(1, 60)}");
        var pick = random.NextDouble();
        var type = AnalyticsTypes[^1].Type;
        foreach (var (candidate, weight) in AnalyticsTypes)
        {
            if ((pick -= weight) < 0)
            {
                type = candidate;
                break;
            }
        }

        var (deviceType, userAgent) = Devices[user.GetHashCode(StringComparison.Ordinal) & 3];
        var payload = new Dictionary<string, object?>
        {
            ["event_id"] = string.Create(CultureInfo.InvariantCulture, $"a-{sequence}"),
            ["event_time"] = time.GetUtcNow().AddMilliseconds(-random.Next(0, 3000)).UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["user_id"] = user,
            ["session_id"] = string.Create(CultureInfo.InvariantCulture, $"s-{user}-{sequence / 600}"),
            ["event"] = new { type, page = Pages[random.Next(Pages.Length)], properties = new { } },
            ["device"] = new { type = deviceType, os = "any", browser = "any", user_agent = userAgent },
            ["performance"] = type == "page_view" ? new { page_load_ms = Math.Round(200 + random.NextDouble() * random.NextDouble() * 3000, 1), ttfb_ms = random.Next(20, 300) } : null,
        };
        return (user, JsonSerializer.Serialize(payload));
    }

    [LoggerMessage(20, LogLevel.Information, "Demo generator writing about {Rate} events/s to {Topic} and to the analytics events topic")]
    private partial void LogStarted(string topic, double rate);

    [LoggerMessage(21, LogLevel.Warning, "Demo generator could not write to {Topic}: {Reason}")]
    private partial void LogProduceFailed(string topic, string reason);
}

using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Orleans.Analytics.Core.Samples;
using Orleans.Analytics.Jobs.EventProcessing;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Silo.Hosting;

namespace Orleans.Analytics.Silo.Demo;

/// <summary>
/// Writes realistic raw events to the event processor's input topic so a first run shows results within seconds:
/// mostly valid events, some that fail validation and a few that are not JSON at all. Beside them it writes analytics
/// events (<see cref="SampleAnalyticsEvents"/>) and, every <see cref="PointCloudInterval"/>, a point-cloud event of a
/// few noisy circles and a sphere (<see cref="SamplePointClouds"/>), so that every job's results show in the first
/// minute (the TDA job's at the end of its first one-minute window).
/// </summary>
internal sealed partial class DemoEventGenerator(
    IOptionsMonitor<KafkaStreamOptions> kafka,
    IOptions<EventProcessorOptions> processor,
    DemoTopics topics,
    double eventsPerSecond,
    TimeProvider time,
    ILogger<DemoEventGenerator> logger) : BackgroundService
{
    private static readonly string[] Types = ["user-action", "page-view", "purchase", "signup"];
    private static readonly string[] Actions = ["click", "scroll", "submit", "hover"];
    private static readonly string[] Pages = ["/", "/products", "/products/42", "/cart", "/checkout", "/account"];

    /// <summary>How often a point-cloud event is written: each cloud gets a few dozen points per one-minute window.</summary>
    public static readonly TimeSpan PointCloudInterval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var producer = new ProducerBuilder<string, string>(KafkaClientConfig.Producer(kafka.Get(AnalyticsSilo.StreamProvider)))
            .SetLogHandler((_, message) => KafkaClientConfig.LogClientMessage(logger, message))
            .Build();
        var random = new Random(7);
        var analytics = new SampleAnalyticsEvents(users: 59, seed: 7);
        var clouds = new SamplePointClouds(seed: 7);
        var nextCloudAt = time.GetUtcNow();
        var topic = processor.Value.InputTopic;
        var interval = TimeSpan.FromSeconds(1 / eventsPerSecond);
        LogStarted(topic, eventsPerSecond);
        long sequence = 0;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var (key, value) = Next(random, sequence++);
                var (user, analyticsValue) = analytics.Next(time.GetUtcNow());
                try
                {
                    producer.Produce(topic, new Message<string, string> { Key = key, Value = value });
                    producer.Produce(topics.AnalyticsEvents, new Message<string, string> { Key = user, Value = analyticsValue });
                    if (topics.PointClouds is { } cloudTopic && time.GetUtcNow() >= nextCloudAt)
                    {
                        var (cloud, points) = clouds.Next(time.GetUtcNow());
                        producer.Produce(cloudTopic, new Message<string, string> { Key = cloud, Value = points });
                        nextCloudAt += PointCloudInterval;
                    }
                }
                catch (ProduceException<string, string> ex)
                {
                    LogProduceFailed(topic, ex.Error.Reason);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was produced still gets its chance to be delivered below.
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

    [LoggerMessage(20, LogLevel.Information, "Demo generator writing about {Rate} events/s to {Topic} and to the analytics events topic, and point clouds to the TDA events topic")]
    private partial void LogStarted(string topic, double rate);

    [LoggerMessage(21, LogLevel.Warning, "Demo generator could not write to {Topic}: {Reason}")]
    private partial void LogProduceFailed(string topic, string reason);
}

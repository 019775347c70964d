using System.Text.Json;
using Confluent.Kafka;
using System.Text.RegularExpressions;
using Orleans.Analytics.Core.Samples;
using Orleans.Analytics.Kafka.Embedded;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.EndToEnd.Tests;

/// <summary>
/// The silo as <c>dotnet run --project src/Orleans.Analytics.Silo</c> starts it, as its own process with no
/// configuration (only free ports): its own embedded Kafka, the demo generator and every job with its defaults, and
/// a result on every result topic the README's first screen names.
/// </summary>
public sealed partial class FirstMinuteTests
{
    // The TDA job's first window (one minute of processing time) ends within a minute; the rest is patience for a
    // busy machine, not a promise.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task With_no_configuration_every_result_topic_shows_records_including_the_point_clouds_persistence()
    {
        var http = TestPorts.Free();
        await using var silo = SiloProcess.Start(
            [
                $"--urls=http://127.0.0.1:{http}",
                $"--Orleans:SiloPort={TestPorts.Free()}",
                $"--Orleans:GatewayPort={TestPorts.Free()}",
                "--Orleans:ClusterId=first-minute-" + Guid.NewGuid().ToString("N"),
            ],
            new Dictionary<string, string>());
        await silo.WaitUntilServingAsync(new Uri($"http://127.0.0.1:{http}"), Patience);
        var bootstrap = EmbeddedKafkaAddress().Match(silo.Output) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("The silo did not say where its embedded Kafka listens:\n" + silo.Output);
        NativeKafka.EnsureLoaded();

        var topics = new[] { "event_metrics", "processing_metrics", "output-results", "error-events", "tda_results", "tda_monitoring" };
        var seen = await WaitForRecordsAsync(bootstrap, topics);

        // The persistence of a cloud of the demo's shapes, computed without error.
        var result = seen["tda_results"].Select(r => JsonDocument.Parse(r).RootElement).First(r => !r.TryGetProperty("error_type", out _));
        result.GetProperty("stream_id").GetString().ShouldBeOneOf([.. SamplePointClouds.Clouds]);
        result.GetProperty("persistence_pairs").GetArrayLength().ShouldBeGreaterThan(0);
        result.GetProperty("num_points").GetInt32().ShouldBeGreaterThan(0);
        seen["tda_monitoring"].Select(r => JsonDocument.Parse(r).RootElement.GetProperty("type").GetString()).ShouldContain("computation_metrics");
    }

    [GeneratedRegex(@"Embedded Kafka listening at (\S+) with topics")]
    private static partial Regex EmbeddedKafkaAddress();

    /// <summary>Reads each topic from the beginning until every one holds a record; returns the values read.</summary>
    private static async Task<Dictionary<string, List<string>>> WaitForRecordsAsync(string bootstrap, string[] topics)
    {
        var seen = topics.ToDictionary(t => t, _ => new List<string>());
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "first-minute-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topics);
        var deadline = DateTime.UtcNow + Patience;
        while (seen.Values.Any(v => v.Count == 0))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Within {Patience} no record arrived on {string.Join(", ", seen.Where(s => s.Value.Count == 0).Select(s => s.Key))}.");
            }

            // A blocking poll of at most a second, off the test's thread.
            var record = await Task.Run(() => consumer.Consume(TimeSpan.FromSeconds(1)), TestContext.Current.CancellationToken);
            if (record is { IsPartitionEOF: false, Message: not null })
            {
                seen[record.Topic].Add(record.Message.Value);
            }
        }

        consumer.Close();
        return seen;
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Kafka.Embedded;
using Orleans.Hosting;

namespace Orleans.Analytics.Benchmarks;

using ErrorCode = Confluent.Kafka.ErrorCode;

/// <summary>
/// <c>provider</c>: puts N keyed JSON records on the embedded Kafka, then times (1) a bare Confluent.Kafka consumer
/// reading them all and (2) a one-silo Orleans host reading them through the Kafka provider into grains, from
/// silo start until every record was delivered and until every partition's end offset was committed.
/// </summary>
internal static class ProviderThroughputCommand
{
    public const string Namespace = "bench";

    public static Command Create()
    {
        var records = new Option<int>("--records") { Description = "Records to produce.", DefaultValueFactory = _ => 200_000 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of the topic.", DefaultValueFactory = _ => 8 };
        var keys = new Option<int>("--keys") { Description = "Distinct record keys (one grain each).", DefaultValueFactory = _ => 1_000 };
        var command = new Command("provider", "Records/s through the Kafka provider into grains versus a bare consumer.");
        command.Options.Add(records);
        command.Options.Add(partitions);
        command.Options.Add(keys);
        command.SetAction((result, _) => RunAsync(result.GetValue(records), result.GetValue(partitions), result.GetValue(keys)));
        return command;
    }

    private static async Task<int> RunAsync(int records, int partitions, int keys)
    {
        using var kafka = EmbeddedKafkaCluster.Start(brokers: 3);
        const string topic = "bench-records";
        kafka.CreateTopic(topic, partitions);
        kafka.CreateTopic("bench-dead", 1);
        var bytes = await ProduceAsync(kafka.BootstrapServers, topic, records, keys);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{records:N0} records ({bytes / records} bytes each) on {partitions} partitions, {keys:N0} keys; embedded Kafka with 3 brokers"));
        if (bytes / partitions > 4_500_000)
        {
            Console.WriteLine("warning: more than 4.5 MB per partition; the embedded Kafka keeps about 5 MB and drops older records");
        }

        var bare = BareRead.Time(kafka.BootstrapServers, topic, partitions, records, BareRead.SiloSettings(kafka.BootstrapServers));
        Report("bare Confluent.Kafka consumer (the silo's settings)", records, bare);

        var (delivered, committed, peak) = await ThroughProviderAsync(kafka.BootstrapServers, topic, partitions, records);
        Report("provider into grains (delivered)", records, delivered);
        Report("provider into grains (committed)", records, committed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio delivered/bare: {delivered.TotalSeconds / bare.TotalSeconds:F2}x; committed/bare: {committed.TotalSeconds / bare.TotalSeconds:F2}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set of the process: {peak / 1024 / 1024} MB"));
        return 0;
    }

    private static void Report(string what, int records, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-36} {elapsed.TotalSeconds,7:F2} s  {records / elapsed.TotalSeconds,12:N0} records/s"));

    private static async Task<long> ProduceAsync(string bootstrap, string topic, int records, int keys)
    {
        NativeKafka.EnsureLoaded();
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 10, EnableIdempotence = true }).Build();
        long bytes = 0;
        var random = new Random(11);
        for (var i = 0; i < records; i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"user-{i % keys}");
            var value = string.Create(CultureInfo.InvariantCulture,
                $$$"""{"event_id":"e-{{{i}}}","event_time":{{{1_700_000_000_000L + i}}},"user_id":"{{{key}}}","event":{"type":"page_view","page":"/p/{{{random.Next(100)}}}"}}""");
            bytes += value.Length;
            while (true)
            {
                try
                {
                    producer.Produce(topic, new Message<string, string> { Key = key, Value = value });
                    break;
                }
                catch (ProduceException<string, string> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }

        producer.Flush(TimeSpan.FromMinutes(1));
        await Task.CompletedTask;
        return bytes;
    }

    private static async Task<(TimeSpan Delivered, TimeSpan Committed, long PeakWorkingSet)> ThroughProviderAsync(string bootstrap, string topic, int partitions, int records)
    {
        var done = DeliveryCounter.Reset(records);
        var watch = Stopwatch.StartNew();
        using var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering();
                silo.AddKafkaStreams("kafka", options =>
                {
                    options.BootstrapServers = bootstrap;
                    options.ConsumerGroup = "bench-provider";
                    options.DeadLetterTopic = "bench-dead";
                    options.Topics.Add(new KafkaSourceTopic { Name = topic, StreamNamespace = Namespace });
                });
            })
            .Build();
        await host.StartAsync();
        await done.WaitAsync(TimeSpan.FromMinutes(10));
        var delivered = watch.Elapsed;

        using var probe = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bench-provider" }).Build();
        var ends = Enumerable.Range(0, partitions).Select(p => probe.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value).ToArray();
        while (true)
        {
            var committed = probe.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10));
            if (committed.All(c => c.Offset.Value == ends[c.Partition.Value]))
            {
                break;
            }

            // Commits happen every CommitInterval; look again shortly.
            await Task.Delay(20);
        }

        var committedAt = watch.Elapsed;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        await host.StopAsync();
        return (delivered, committedAt, peak);
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Kafka.Embedded;
using Orleans.Analytics.Pipeline;
using Orleans.Hosting;

namespace Orleans.Analytics.Benchmarks;

/// <summary>
/// <c>pipeline</c>: puts N analytics events on P partitions of the embedded Kafka, then times a bare consumer reading
/// them and a one-silo host running all four analytics jobs, from silo start until every partition's end offset is
/// committed (everything durable in grain state), and reports the window-close latency and peak memory.
/// </summary>
internal static class PipelineThroughputCommand
{
    public static Command Create()
    {
        var events = new Option<int>("--events") { Description = "Analytics events to produce.", DefaultValueFactory = _ => 400_000 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of the events topic.", DefaultValueFactory = _ => 32 };
        var users = new Option<int>("--users") { Description = "Distinct users (session keys).", DefaultValueFactory = _ => 2_000 };
        var groupCommit = new Option<int?>("--group-commit-ms") { Description = "Processing:GroupCommitDelay in milliseconds (the silo's default when left out)." };
        var allocations = new Option<bool>("--allocations") { Description = "Also sample what the pipeline allocates, by type (from the runtime's allocation events)." };
        var jobs = new Option<string[]>("--jobs") { Description = "Only these jobs (names as in the catalog); all by default; a name of no job (none) runs no job.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("pipeline", "Events/s through all four analytics jobs versus a bare consumer.");
        command.Options.Add(events);
        command.Options.Add(partitions);
        command.Options.Add(users);
        command.Options.Add(jobs);
        command.Options.Add(groupCommit);
        command.Options.Add(allocations);
        command.SetAction((result, _) => RunAsync(result.GetValue(events), result.GetValue(partitions), result.GetValue(users), result.GetValue(jobs) ?? [], result.GetValue(groupCommit), result.GetValue(allocations)));
        return command;
    }

    private static async Task<int> RunAsync(int count, int partitions, int users, string[] jobs, int? groupCommitMs, bool allocations)
    {
        using var kafka = EmbeddedKafkaCluster.Start(brokers: 3);
        var topics = new AnalyticsTopics();
        foreach (var topic in new[] { topics.Events, topics.EventMetrics, topics.SessionMetrics, topics.PerformanceMetrics, topics.ProcessingMetrics, topics.LateEvents, topics.DeadLetters })
        {
            kafka.CreateTopic(topic, topic == topics.Events ? partitions : 4);
        }

        var bytes = Produce(kafka.BootstrapServers, topics.Events, count, users);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count:N0} analytics events ({bytes / count} bytes each, {bytes / partitions / 1024} KB per partition) on {partitions} partitions, {users:N0} users"));

        // The reference is a bare consumer with the silo's own consumer settings (KafkaClientConfig), best of two reads
        // (the first read of fresh data varies). librdkafka's defaults are shown too: their 1 s fetch back-off when
        // the local queue is full stalls the read, so they take about twice as long.
        var bare = BareRead.Best(kafka.BootstrapServers, topics.Events, partitions, count, BareRead.SiloSettings(kafka.BootstrapServers));
        var defaults = BareRead.Best(kafka.BootstrapServers, topics.Events, partitions, count, null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bare consumer, librdkafka defaults      {defaults.TotalSeconds,7:F2} s  {count / defaults.TotalSeconds,12:N0} events/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bare consumer, the silo's settings      {bare.TotalSeconds,7:F2} s  {count / bare.TotalSeconds,12:N0} events/s  (reference)"));

        using var closeLatency = new HistogramCapture("orleans_analytics.window.close.latency");
        using var progress = new ReadProgress(count);
        var (elapsed, started, peak) = await RunPipelineAsync(kafka.BootstrapServers, topics, partitions, jobs, groupCommitMs, allocations);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline, start to all committed    {elapsed.TotalSeconds,7:F2} s  {count / elapsed.TotalSeconds,12:N0} events/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  phases: silo started {started.TotalSeconds:F2} s, first record read {progress.First.TotalSeconds:F2} s, all read {progress.All.TotalSeconds:F2} s, all committed {elapsed.TotalSeconds:F2} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio pipeline/bare: {elapsed.TotalSeconds / bare.TotalSeconds:F2}x (bar 2.0x, goal 1.25x); against librdkafka's defaults {elapsed.TotalSeconds / defaults.TotalSeconds:F2}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"window close latency (watermark past end -> result acknowledged): {closeLatency.Count} windows, p50 {closeLatency.Quantile(0.5) * 1000:F0} ms, p99 {closeLatency.Quantile(0.99) * 1000:F0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set of the process: {peak / 1024 / 1024} MB"));
        return 0;
    }

    private static long Produce(string bootstrap, string topic, int count, int users)
    {
        NativeKafka.EnsureLoaded();
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 10, EnableIdempotence = true }).Build();
        string[] types = ["page_view", "page_view", "click", "add_to_cart", "conversion", "scroll"];
        string[] pages = ["/", "/products", "/products/7", "/cart", "/checkout", "/account", "/search", "/help"];
        string[] agents = ["Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile", "Mozilla/5.0 (iPad; CPU OS 16_0) Mobile"];
        var random = new Random(5);
        var start = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        long bytes = 0;
        for (var i = 0; i < count; i++)
        {
            var user = random.Next(users);
            var type = types[random.Next(types.Length)];
            var time = start + i * 20L - random.Next(0, 2_000);
            var load = type == "page_view" ? string.Create(CultureInfo.InvariantCulture, $"{{\"page_load_ms\":{random.Next(80, 4_000)}}}") : "null";
            var value = string.Create(CultureInfo.InvariantCulture,
                $"{{\"event_id\":\"e{i}\",\"event_time\":{time},\"user_id\":\"u{user}\",\"session_id\":\"s{user}\",\"event\":{{\"type\":\"{type}\",\"page\":\"{pages[random.Next(pages.Length)]}\"}},\"device\":{{\"user_agent\":\"{agents[user % agents.Length]}\"}},\"performance\":{load}}}");
            bytes += value.Length;
            while (true)
            {
                try
                {
                    producer.Produce(topic, new Message<string, string> { Key = $"u{user}", Value = value });
                    break;
                }
                catch (ProduceException<string, string> ex) when (ex.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }

        producer.Flush(TimeSpan.FromMinutes(2));
        return bytes;
    }

    private static async Task<(TimeSpan Elapsed, TimeSpan Started, long Peak)> RunPipelineAsync(string bootstrap, AnalyticsTopics topics, int partitions, string[] only, int? groupCommitMs, bool allocations)
    {
        var processing = new ProcessingOptions();
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:Topics:Events"] = topics.Events,
        };
        if (groupCommitMs is { } ms)
        {
            settings["Processing:GroupCommitDelay"] = TimeSpan.FromMilliseconds(ms).ToString();
        }

        var names = only.Length == 0 ? StandardJobNames : [.. only.Where(StandardJobNames.Contains)];
        Console.WriteLine(names.Length == 0
            ? "jobs: none (the silo reads and parses every event and hands it to no job: the cost floor of ingestion)"
            : "jobs: " + string.Join(", ", names));

        using var sampler = allocations ? new AllocationSampler() : null;
        sampler?.Start();
        var gcBefore = GcFigures.Now();
        var watch = Stopwatch.StartNew();
        ReadProgress.Start();
        using var host = Host.CreateDefaultBuilder()
            .ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings))
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering();
                // As the silo configures it (Orleans.Analytics.Silo's AdoNetHosting.AddMemoryGrainStorage).
                silo.AddMemoryGrainStorageAsDefault(options => options.Configure<IServiceProvider>((o, services) =>
                    o.GrainStorageSerializer = ActivatorUtilities.CreateInstance<Orleans.Storage.OrleansGrainStorageSerializer>(services)));
                silo.UseInMemoryReminderService();
                silo.Services.AddStreamJobs(jobs => AddJobs(jobs, names));
                silo.AddKafkaStreams("kafka", configurator => configurator.ConfigureKafka(options => options
                    .Configure(o =>
                    {
                        o.BootstrapServers = bootstrap;
                        o.ConsumerGroup = "bench-pipeline";
                        o.DeadLetterTopic = topics.DeadLetters;
                        o.CommitInterval = TimeSpan.FromMilliseconds(200);
                    })
                    .WithJobTopics()));
            })
            .Build();
        await host.StartAsync();
        var started = watch.Elapsed;

        using var probe = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bench-pipeline" }).Build();
        var tps = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topics.Events, p)).ToList();
        var ends = tps.Select(tp => probe.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value).ToArray();
        while (!probe.Committed(tps, TimeSpan.FromSeconds(10)).All(c => c.Offset.Value == ends[c.Partition.Value]))
        {
            // Offsets are committed every 200 ms; look again shortly.
            await Task.Delay(50);
        }

        var elapsed = watch.Elapsed;
        Console.WriteLine("  " + GcFigures.Now().Since(gcBefore));
        sampler?.Stop();
        sampler?.Print(25);

        // Let the final windows close (all partitions idle: the watermark moves on with the wall clock).
        await Task.Delay(processing.IdleTimeout + processing.WatermarkDelay + TimeSpan.FromSeconds(3));
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        await host.StopAsync();
        return (elapsed, started, peak);
    }

    private static readonly string[] StandardJobNames = ["event-aggregator", "session-tracker", "performance-tracker", "processing-metrics"];

    private static void AddJobs(StreamJobRegistry jobs, string[] names)
    {
        if (names.Length == 0)
        {
            // Reads and parses every event and hands it to no job.
            jobs.Add<ParseOnlyJob>();
        }

        foreach (var name in names)
        {
            _ = name switch
            {
                "event-aggregator" => jobs.Add<Jobs.Analytics.EventAggregatorJob, ProcessingOptions>(ProcessingOptions.Section),
                "session-tracker" => jobs.Add<Jobs.Analytics.SessionTrackerJob, ProcessingOptions>(ProcessingOptions.Section),
                "performance-tracker" => jobs.Add<Jobs.Analytics.PerformanceTrackerJob, ProcessingOptions>(ProcessingOptions.Section),
                _ => jobs.Add<Jobs.Analytics.ProcessingMetricsJob>(),
            };
        }
    }

    /// <summary>Parses every event and keys none: what the pipeline costs before any job's work.</summary>
    private sealed class ParseOnlyJob(AnalyticsTopics topics) : IStreamJob
    {
        public JobDefinition Define(JobBuilder job) => job
            .From(topics.Events, Jobs.Analytics.AnalyticsEventParser.Instance)
            .EventTime(e => e.EventTime)
            .Where(_ => false)
            .KeyBy(e => e.Type)
            .Continuously()
            .Aggregate(Core.Aggregation.CountAggregate<AnalyticsEvent>.Instance)
            .ToTopic(topics.ProcessingMetrics, (_, _) => { });
    }

    /// <summary>When the silo read its first record from Kafka, and when it had read them all (from the provider's counter).</summary>
    private sealed class ReadProgress : IDisposable
    {
        private static long s_start;
        private readonly MeterListener _listener = new();
        private readonly long _expected;
        private long _read;
        private long _first;
        private long _all;

        public ReadProgress(long expected)
        {
            _expected = expected;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "orleans_analytics.kafka.records.read")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
            {
                var now = Stopwatch.GetTimestamp();
                Interlocked.CompareExchange(ref _first, now, 0);
                if (Interlocked.Add(ref _read, value) >= _expected)
                {
                    Interlocked.CompareExchange(ref _all, now, 0);
                }
            });
            _listener.Start();
        }

        /// <summary>Marks the start of the pipeline run.</summary>
        public static void Start() => s_start = Stopwatch.GetTimestamp();

        public TimeSpan First => Since(_first);

        public TimeSpan All => Since(_all);

        public void Dispose() => _listener.Dispose();

        private static TimeSpan Since(long timestamp) => timestamp == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(s_start, timestamp);
    }

    /// <summary>Collects the measurements of one histogram for quantiles.</summary>
    private sealed class HistogramCapture : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<double> _values = [];

        public HistogramCapture(string name)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
            {
                lock (_values)
                {
                    _values.Add(value);
                }
            });
            _listener.Start();
        }

        public int Count => _values.Count;

        public double Quantile(double q)
        {
            lock (_values)
            {
                if (_values.Count == 0)
                {
                    return double.NaN;
                }

                var sorted = _values.Order().ToArray();
                return sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Garbage collector counters, to show what a run cost in allocation and collection.</summary>
    private readonly record struct GcFigures(long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
    {
        public static GcFigures Now() => new(GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

        public string Since(GcFigures start) => string.Create(CultureInfo.InvariantCulture,
            $"GC: {(Allocated - start.Allocated) / 1024 / 1024:N0} MB allocated, collections gen0 {Gen0 - start.Gen0} gen1 {Gen1 - start.Gen1} gen2 {Gen2 - start.Gen2}, paused {(Paused - start.Paused).TotalMilliseconds:F0} ms");
    }
}

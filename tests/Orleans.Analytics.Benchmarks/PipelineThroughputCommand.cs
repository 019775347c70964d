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

        var (bytes, allowedEvents) = Produce(kafka.BootstrapServers, topics.Events, count, users);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count:N0} analytics events ({bytes / count} bytes each, {bytes / partitions / 1024} KB per partition) on {partitions} partitions, {users:N0} users"));

        // The reference: the best of three reads by kcat (another process) and by a bare consumer with the silo's own
        // consumer settings (the first read of fresh data varies). librdkafka's defaults are shown too: their 1 s fetch
        // back-off when the local queue is full stalls the read.
        var kcat = BareRead.BestOfKcat(kafka.BootstrapServers, topics.Events, count, runs: 3);
        var bare = BareRead.Best(kafka.BootstrapServers, topics.Events, partitions, count, BareRead.SiloSettings(kafka.BootstrapServers), runs: 3);
        var defaults = BareRead.Best(kafka.BootstrapServers, topics.Events, partitions, count, null, runs: 1);
        var reference = kcat is { } k && k < bare ? k : bare;
        if (kcat is { } kcatTime)
        {
            Line("kcat, best of 3", kcatTime, count);
        }
        else
        {
            Console.WriteLine("kcat: not installed; the reference is the bare consumer");
        }

        Line("bare consumer, the silo's settings, best of 3", bare, count);
        Line("bare consumer, librdkafka's defaults", defaults, count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reference (the faster bare read): {reference.TotalSeconds:F2} s"));

        // The ingestion floor: the silo reads and parses every event and hands it to no job.
        var names = jobs.Length == 0 ? StandardJobNames : [.. jobs.Where(StandardJobNames.Contains)];
        PipelineRun? floor = null;
        if (names.Length > 0)
        {
            floor = await RunPipelineAsync(kafka.BootstrapServers, topics, partitions, count, [], groupCommitMs, sampleAllocations: false, "bench-floor");
            Report(floor, count, reference);
        }

        var run = await RunPipelineAsync(kafka.BootstrapServers, topics, partitions, count, names, groupCommitMs, allocations, "bench-pipeline",
            () => CountResults(kafka.BootstrapServers, topics) is var counts
                && (!names.Contains("event-aggregator") || counts.CountedEvents >= allowedEvents)
                && (!names.Contains("session-tracker") || counts.SessionMetrics > 0));
        Report(run, count, reference);
        if (floor is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"share of the ingestion floor in the pipeline (from ready): {floor.FromReady.TotalSeconds / run.FromReady.TotalSeconds:P0}"));
        }

        // The run must have computed what it was given: a fast run with missing results or dead letters is no result.
        var problems = new List<string>();
        if (names.Length > 0)
        {
            var results = CountResults(kafka.BootstrapServers, topics);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"results: {results.EventMetrics:N0} event_metrics (latest per key: {results.CountedEvents:N0} events counted of {allowedEvents:N0} of allowed types), {results.SessionMetrics:N0} session_metrics, {results.PerformanceMetrics:N0} performance_metrics, {results.ProcessingMetrics:N0} processing_metrics; {results.DeadLetters:N0} dead letters, {results.LateEvents:N0} late events"));
            if (names.Contains("event-aggregator") && results.CountedEvents != allowedEvents)
            {
                problems.Add($"event_metrics count {results.CountedEvents:N0} events, the input has {allowedEvents:N0} of allowed types");
            }

            foreach (var (job, emitted) in new[] { ("session-tracker", results.SessionMetrics), ("performance-tracker", results.PerformanceMetrics), ("processing-metrics", results.ProcessingMetrics) })
            {
                if (names.Contains(job) && emitted == 0)
                {
                    problems.Add($"{job} emitted no result");
                }
            }

            if (results.DeadLetters > 0 || results.LateEvents > 0)
            {
                problems.Add($"{results.DeadLetters} dead letters and {results.LateEvents} late events where the input has none");
            }
        }

        foreach (var problem in problems)
        {
            Console.Error.WriteLine("FAILED: " + problem);
        }

        return problems.Count == 0 ? 0 : 1;
    }

    private static void Line(string what, TimeSpan elapsed, int count) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-48} {elapsed.TotalSeconds,7:F2} s  {count / elapsed.TotalSeconds,12:N0} events/s"));

    private static void Report(PipelineRun run, int count, TimeSpan reference)
    {
        Console.WriteLine(run.Jobs.Length == 0
            ? "pipeline, no job (ingestion floor: reads and parses every event, hands it to no job)"
            : "pipeline, jobs: " + string.Join(", ", run.Jobs));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  from silo start to all committed {run.FromStart.TotalSeconds,7:F2} s   from silo ready {run.FromReady.TotalSeconds,7:F2} s  {count / run.FromReady.TotalSeconds,10:N0} events/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  phases: silo ready {run.Ready.TotalSeconds:F2} s, first record read {run.FirstRead.TotalSeconds:F2} s, all read {run.AllRead.TotalSeconds:F2} s, all committed {run.FromStart.TotalSeconds:F2} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  ratio to the reference, from ready: {run.FromReady.TotalSeconds / reference.TotalSeconds:F2}x ({(run.Jobs.Length == 0 ? "bar 1.5x" : "bar 2.0x, goal 1.25x")}); from start: {run.FromStart.TotalSeconds / reference.TotalSeconds:F2}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  allocated {run.Allocated / 1024 / 1024:N0} MB from start to all committed: {run.Allocated / count:N0} bytes per event (bar 300); {run.Gc}"));
        if (run.Jobs.Length > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  window close latency (watermark past end -> result acknowledged): {run.Closes} windows, p50 {run.CloseP50 * 1000:F0} ms, p99 {run.CloseP99 * 1000:F0} ms"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  peak working set of the process so far {run.PeakWorkingSet / 1024 / 1024:N0} MB (the embedded Kafka's copy of the topic included); managed heap after the run {run.HeapAfter / 1024 / 1024:N0} MB"));
    }

    private static (long Bytes, long AllowedEvents) Produce(string bootstrap, string topic, int count, int users)
    {
        var allowed = new ProcessingOptions().EffectiveAllowedEventTypes.ToHashSet(StringComparer.Ordinal);
        long allowedEvents = 0;
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
            // Users come in ten cohorts, each active for 20,000 events (400 s of event time) in turn, so a user's session
            // ends (a 30-minute gap) and is emitted while the run goes on, as on a real site.
            var cohort = (i / 20_000) % 10;
            var user = (cohort * users / 10) + random.Next(Math.Max(1, users / 10));
            var type = types[random.Next(types.Length)];
            allowedEvents += allowed.Contains(type) ? 1 : 0;
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
        return (bytes, allowedEvents);
    }

    /// <summary>What one pipeline run measured.</summary>
    private sealed record PipelineRun(
        string[] Jobs, TimeSpan Ready, TimeSpan FirstRead, TimeSpan AllRead, TimeSpan FromStart, long Allocated, string Gc,
        int Closes, double CloseP50, double CloseP99, long PeakWorkingSet, long HeapAfter)
    {
        public TimeSpan FromReady => FromStart - Ready;
    }

    private static async Task<PipelineRun> RunPipelineAsync(
        string bootstrap, AnalyticsTopics topics, int partitions, int count, string[] names, int? groupCommitMs, bool sampleAllocations, string group, Func<bool>? finished = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:Topics:Events"] = topics.Events,
        };
        if (groupCommitMs is { } ms)
        {
            settings["Processing:GroupCommitDelay"] = TimeSpan.FromMilliseconds(ms).ToString();
        }

        using var closeLatency = new HistogramCapture("orleans_analytics.window.close.latency");
        using var progress = new ReadProgress(count);
        using var sampler = sampleAllocations ? new AllocationSampler() : null;
        sampler?.Start();
        var gcBefore = GcFigures.Now();
        var watch = Stopwatch.StartNew();
        progress.Start();
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
                        o.ConsumerGroup = group;
                        o.DeadLetterTopic = topics.DeadLetters;
                        o.CommitInterval = TimeSpan.FromMilliseconds(200);
                    })
                    .WithJobTopics()));
            })
            .Build();
        await host.StartAsync();
        var ready = watch.Elapsed;

        using var probe = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = group }).Build();
        var tps = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topics.Events, p)).ToList();
        var ends = tps.Select(tp => probe.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value).ToArray();
        while (!probe.Committed(tps, TimeSpan.FromSeconds(10)).All(c => c.Offset.Value == ends[c.Partition.Value]))
        {
            // Offsets are committed every 200 ms; look again shortly.
            await Task.Delay(50);
        }

        var elapsed = watch.Elapsed;
        var gc = GcFigures.Now();
        sampler?.Stop();
        sampler?.Print(25);

        // The last windows close once every partition is idle (the watermark then moves on with the wall clock).
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (finished is not null && !finished() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1_000);
        }

        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        await host.StopAsync();
        GC.Collect();
        return new PipelineRun(names, ready, progress.First, progress.All, elapsed, gc.Allocated - gcBefore.Allocated, gc.Since(gcBefore),
            closeLatency.Count, closeLatency.Quantile(0.5), closeLatency.Quantile(0.99), peak, GC.GetGCMemoryInfo().HeapSizeBytes);
    }

    /// <summary>What the jobs wrote: records per sink topic, and the events the latest <c>event_metrics</c> per key count.</summary>
    private readonly record struct ResultCounts(int EventMetrics, long CountedEvents, int SessionMetrics, int PerformanceMetrics, int ProcessingMetrics, int DeadLetters, int LateEvents);

    private static ResultCounts CountResults(string bootstrap, AnalyticsTopics topics)
    {
        var metrics = ReadAll(bootstrap, topics.EventMetrics);
        var latest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in metrics)
        {
            if (value is not null)
            {
                using var json = System.Text.Json.JsonDocument.Parse(value);
                latest[key ?? string.Empty] = json.RootElement.GetProperty("event_count").GetInt64();
            }
        }

        return new ResultCounts(metrics.Count, latest.Values.Sum(), ReadAll(bootstrap, topics.SessionMetrics).Count, ReadAll(bootstrap, topics.PerformanceMetrics).Count,
            ReadAll(bootstrap, topics.ProcessingMetrics).Count, ReadAll(bootstrap, topics.DeadLetters).Count, ReadAll(bootstrap, topics.LateEvents).Count);
    }

    /// <summary>A topic's records from the beginning to its end when called.</summary>
    private static List<(string? Key, byte[]? Value)> ReadAll(string bootstrap, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => p.PartitionId).ToList();
        using var consumer = new ConsumerBuilder<string?, byte[]?>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bench-check-" + Guid.NewGuid().ToString("N"), EnableAutoCommit = false }).Build();
        var ends = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
        var pending = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        var records = new List<(string?, byte[]?)>();
        consumer.Assign(pending.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        while (pending.Count > 0)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(10)) is not { Message: not null } result)
            {
                throw new TimeoutException($"Reading {topic} to its end stalled.");
            }

            records.Add((result.Message.Key, result.Message.Value));
            if (result.Offset.Value + 1 >= ends[result.Partition.Value])
            {
                pending.Remove(result.Partition.Value);
            }
        }

        return records;
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
        private long _start;
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
        public void Start() => _start = Stopwatch.GetTimestamp();

        public TimeSpan First => Since(_first);

        public TimeSpan All => Since(_all);

        public void Dispose() => _listener.Dispose();

        private TimeSpan Since(long timestamp) => timestamp == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_start, timestamp);
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

using System.Reflection;
using Orleans.Runtime;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// <c>GET /api/pipeline</c>: the cluster's silos, every source partition with its owner, watermark, lag and
/// idleness, and every job's open windows and last result, gathered from the silos' reports and the topic clocks.
/// <c>GET /pipeline</c>: a page that renders it.
/// </summary>
internal static class PipelineStatusEndpoints
{
    /// <summary>Reports older than this are from a silo that stopped reporting; its partitions show no owner.</summary>
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(15);

    public static void MapPipelineStatus(this IEndpointRouteBuilder endpoints, HttpAuthSettings auth, IReadOnlyList<string> clockTopics)
    {
        endpoints.MapGet("/api/pipeline", async (IGrainFactory grains, TimeProvider time, IServiceProvider services, CancellationToken cancellationToken) =>
            {
                var storage = services.GetService<StorageHealthProbe>()?.Current;
                try
                {
                    return Results.Ok(await ReadAsync(grains, time, clockTopics, cancellationToken) with { Storage = storage });
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // The silo list comes from the membership table: while the database is down, say so rather than fail.
                    return Results.Json(new PipelineStatusUnavailable(time.GetUtcNow(), ex.GetBaseException().Message, storage), statusCode: StatusCodes.Status503ServiceUnavailable);
                }
            })
            .ForOperators(auth);
        endpoints.MapGet("/pipeline", () => Results.Content(Page.Value, "text/html; charset=utf-8")).ForOperators(auth);
    }

    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Orleans.Analytics.Silo.pipeline.html")
            ?? throw new InvalidOperationException("The pipeline page is missing from the silo's resources.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    internal static async Task<PipelineStatus> ReadAsync(IGrainFactory grains, TimeProvider time, IReadOnlyList<string> clockTopics, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hostsTask = grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true);
        var reportsTask = grains.GetGrain<IPipelineStatusGrain>(IPipelineStatusGrain.Key).GetReportsAsync();
        var clocksTask = Task.WhenAll(clockTopics.Select(t => grains.GetGrain<ITopicClockGrain>(t).GetStatusAsync()));
        await Task.WhenAll(hostsTask, reportsTask, clocksTask).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);

        var hosts = hostsTask.Result;
        var active = hosts.Select(h => h.SiloAddress.ToParsableString()).ToHashSet(StringComparer.Ordinal);
        var fresh = reportsTask.Result
            .Where(r => active.Contains(r.Silo) && now.ToUnixTimeMilliseconds() - r.ReportedAt <= Stale.TotalMilliseconds)
            .ToList();

        // During a hand-off two silos may report one partition for a moment: the newest report wins.
        var readings = new Dictionary<(string Topic, int Partition), (string Owner, PartitionReading Reading, long At)>();
        foreach (var report in fresh)
        {
            foreach (var reading in report.Partitions)
            {
                var key = (reading.Topic, reading.Partition);
                if (!readings.TryGetValue(key, out var known) || known.At < report.ReportedAt)
                {
                    readings[key] = (report.Silo, reading, report.ReportedAt);
                }
            }
        }

        var clocks = clocksTask.Result.ToDictionary(c => c.Topic, StringComparer.Ordinal);
        var keys = readings.Keys
            .Concat(clocks.Values.SelectMany(c => c.Partitions.Select(p => (c.Topic, p.Partition))))
            .Distinct()
            .OrderBy(k => k.Item1, StringComparer.Ordinal)
            .ThenBy(k => k.Item2);
        var partitions = new List<PartitionStatus>();
        foreach (var (topic, partition) in keys)
        {
            var read = readings.TryGetValue((topic, partition), out var r) ? r : default;
            var clock = clocks.TryGetValue(topic, out var c) ? c.Partitions.FirstOrDefault(p => p.Partition == partition) : null;
            var watermark = Time(clock?.Watermark);
            var rates = read.Reading?.Rates;
            partitions.Add(new PartitionStatus(
                topic,
                partition,
                read.Owner,
                watermark,
                read.Reading is { Lag: >= 0 } ? read.Reading.Lag : null,
                clock?.Idle,
                read.Reading is { Committed: >= 0 } ? read.Reading.Committed : null)
            {
                InPerSecond = rates?.InPerSecond,
                OutPerSecond = rates?.OutPerSecond,
                LagTrendPerSecond = rates?.LagTrendPerSecond,
                WatermarkLagSeconds = watermark is { } w ? (now - w).TotalSeconds : null,
                LastCheckpointAt = Time(read.Reading is { LastCommitAt: >= 0 } ? read.Reading.LastCommitAt : null),
                LastCheckpointMs = read.Reading is { LastCommitDurationMs: >= 0 } ? read.Reading.LastCommitDurationMs : null,
                Pauses = read.Reading?.Pauses,
                Paused = read.Reading?.Paused,
                InHistory = rates?.InHistory ?? [],
                LagHistory = rates?.LagHistory ?? [],
            });
        }

        var jobs = fresh
            .SelectMany(r => r.Jobs)
            .GroupBy(j => j.Job, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new JobStatus(g.Key, g.Sum(j => j.OpenWindows), g.Sum(j => j.Results), Time(g.Max(j => j.LastResultAt)))
            {
                InPerSecond = g.Sum(j => j.InPerSecond),
                OutPerSecond = g.Sum(j => j.OutPerSecond),
            })
            .ToList();

        return new PipelineStatus(
            now,
            [.. hosts.OrderBy(h => h.SiloName, StringComparer.Ordinal).Select(h => new SiloStatusView(
                h.SiloAddress.ToParsableString(),
                h.SiloName,
                h.Status.ToString(),
                h.StartTime,
                fresh.FirstOrDefault(r => r.Silo == h.SiloAddress.ToParsableString()) is { } report ? DateTimeOffset.FromUnixTimeMilliseconds(report.ReportedAt) : null))],
            [.. clocks.Values.OrderBy(c => c.Topic, StringComparer.Ordinal).Select(c => new TopicWatermark(c.Topic, Time(c.Watermark)))],
            partitions,
            jobs);
    }

    private static DateTimeOffset? Time(long? epochMilliseconds) =>
        epochMilliseconds is { } ms && ms != long.MinValue && ms > -62135596800000L ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}

/// <summary>The body of <c>GET /api/pipeline</c>.</summary>
internal sealed record PipelineStatus(
    DateTimeOffset GeneratedAt,
    IReadOnlyList<SiloStatusView> Silos,
    IReadOnlyList<TopicWatermark> Watermarks,
    IReadOnlyList<PartitionStatus> Partitions,
    IReadOnlyList<JobStatus> Jobs)
{
    /// <summary>The database of membership, grain state and reminders as the answering silo last found it (null without one).</summary>
    public StorageHealth? Storage { get; init; }
}

/// <summary>The body of <c>GET /api/pipeline</c> (status 503) when the status could not be gathered: why, and the storage's health.</summary>
internal sealed record PipelineStatusUnavailable(DateTimeOffset GeneratedAt, string Error, StorageHealth? Storage);

/// <summary>An active silo; <paramref name="ReportedAt"/> is null until it has reported.</summary>
internal sealed record SiloStatusView(string Address, string Name, string Status, DateTimeOffset StartedAt, DateTimeOffset? ReportedAt);

/// <summary>A source topic's job watermark (null before any record).</summary>
internal sealed record TopicWatermark(string Topic, DateTimeOffset? Watermark);

/// <summary>
/// A source partition: the silo reading it (null while none is), its watermark and idleness (for event-time
/// topics), its lag and committed offset (null while unknown), and its owner's figures over the last minute.
/// </summary>
internal sealed record PartitionStatus(string Topic, int Partition, string? Owner, DateTimeOffset? Watermark, long? Lag, bool? Idle, long? Committed)
{
    /// <summary>Records read from Kafka per second over the last minute.</summary>
    public double? InPerSecond { get; init; }

    /// <summary>Records completed (committed onward) per second over the last minute.</summary>
    public double? OutPerSecond { get; init; }

    /// <summary>How fast the lag changes, records per second (negative: catching up).</summary>
    public double? LagTrendPerSecond { get; init; }

    /// <summary>How far the watermark is behind the wall clock, seconds.</summary>
    public double? WatermarkLagSeconds { get; init; }

    /// <summary>When the owner last committed the partition (its last checkpoint: everything before is done).</summary>
    public DateTimeOffset? LastCheckpointAt { get; init; }

    /// <summary>How long that commit took, milliseconds.</summary>
    public double? LastCheckpointMs { get; init; }

    /// <summary>Times the owner stopped reading it because its queue cache was full (back-pressure).</summary>
    public long? Pauses { get; init; }

    /// <summary>Whether it is paused by back-pressure now.</summary>
    public bool? Paused { get; init; }

    /// <summary>Records read per second in each sampling interval of the last minute, oldest first.</summary>
    public IReadOnlyList<double> InHistory { get; init; } = [];

    /// <summary>The lag at each sample of the last minute, oldest first.</summary>
    public IReadOnlyList<long> LagHistory { get; init; } = [];
}

/// <summary>A job over the whole cluster: windows open in active grains, results emitted since the silos started, the last one's time.</summary>
internal sealed record JobStatus(string Job, long WindowsOpen, long Results, DateTimeOffset? LastResultAt)
{
    /// <summary>Records read per second over the last minute from the job's source topic.</summary>
    public double InPerSecond { get; init; }

    /// <summary>Results emitted per second over the last minute.</summary>
    public double OutPerSecond { get; init; }
}

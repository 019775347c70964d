using Orleans.Analytics.Kafka;
using Orleans.Runtime;

namespace Orleans.Analytics.Pipeline;

/// <summary>
/// Sends this silo's share of the pipeline status (the partitions it reads and its jobs' activity) to the
/// pipeline status grain every <see cref="Period"/> while the silo is active. Each report is also a sample: the last
/// minute of them, per partition and job in a fixed ring, gives the rates, the lag's trend and the sparklines.
/// </summary>
public sealed partial class PipelineStatusReporter(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    KafkaReaderStatus readers,
    JobActivity jobs,
    TimeProvider time,
    ILogger<PipelineStatusReporter> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>How often the silo reports.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    /// <summary>The samples kept: one minute of them, a report every <see cref="Period"/>.</summary>
    public static readonly int Samples = (int)(TimeSpan.FromMinutes(1) / Period) + 1;

    // Counters of a partition's samples, and of a job's.
    private const int Position = 0, Committed = 1, Lag = 2, Results = 0;

    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _sampling = new();
    private readonly Dictionary<(string Topic, int Partition), SampleRing> _partitions = [];
    private readonly Dictionary<string, SampleRing> _jobs = new(StringComparer.Ordinal);
    private Task _loop = Task.CompletedTask;

    /// <summary>This silo's report now; also the next sample of every partition and job.</summary>
    public SiloPipelineReport Current()
    {
        lock (_sampling)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var readings = readers.Partitions;
            var partitions = readings.Select(p => new PartitionReading(
                p.Topic, p.Partition, p.Lag, p.Committed, Sample(p, now), p.LastCommitAt, p.LastCommitDurationMs, p.Pauses, p.Paused)).ToList();
            foreach (var gone in _partitions.Keys.Except(readings.Select(r => (r.Topic, r.Partition))).ToList())
            {
                _partitions.Remove(gone);
            }

            var activity = jobs.Snapshot();
            var reports = activity.Select(j =>
            {
                if (!_jobs.TryGetValue(j.Job, out var ring))
                {
                    _jobs[j.Job] = ring = new SampleRing(Samples, 1);
                }

                ring.Add(now, j.Results);
                var source = jobs.SourceOf(j.Job);
                var input = partitions.Where(p => p.Topic == source).Sum(p => p.Rates?.InPerSecond ?? 0);
                return j with { InPerSecond = input, OutPerSecond = Math.Max(0, ring.RatePerSecond(Results)) };
            }).ToList();

            return new SiloPipelineReport(silo.SiloAddress.ToParsableString(), now, partitions, reports);
        }
    }

    private PartitionRates? Sample(KafkaPartitionReading reading, long now)
    {
        var key = (reading.Topic, reading.Partition);
        if (!_partitions.TryGetValue(key, out var ring))
        {
            _partitions[key] = ring = new SampleRing(Samples, 3);
        }

        if (reading.Position < 0)
        {
            return null;
        }

        // A position or commit that went back (a rewind, a new reader) or became known starts the minute afresh.
        if (reading.Position < ring.Last(Position) || reading.Committed < ring.Last(Committed) || (ring.Last(Committed) < 0 && reading.Committed >= 0))
        {
            ring.Clear();
        }

        ring.Add(now, reading.Position, reading.Committed, Math.Max(0, reading.Lag));
        return new PartitionRates(
            Math.Max(0, ring.RatePerSecond(Position)),
            reading.Committed < 0 ? 0 : Math.Max(0, ring.RatePerSecond(Committed)),
            ring.RatePerSecond(Lag),
            ring.Rates(Position),
            ring.Values(Lag));
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PipelineStatusReporter), ServiceLifecycleStage.Active, Start, Stop);

    public void Dispose() => _stop.Dispose();

    private Task Start(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Period, time);
        do
        {
            try
            {
                await grains.GetGrain<IPipelineStatusGrain>(IPipelineStatusGrain.Key).ReportAsync(Current());
            }
            catch (Exception ex) when (!_stop.IsCancellationRequested)
            {
                LogReportFailed(ex.Message);
            }
        }
        while (await WaitAsync(timer));
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(2300, LogLevel.Debug, "Pipeline status report not delivered; the next one follows: {Reason}")]
    private partial void LogReportFailed(string reason);
}

using Orleans.Analytics.Kafka;
using Orleans.Runtime;

namespace Orleans.Analytics.Pipeline;

/// <summary>
/// Sends this silo's share of the pipeline status (the partitions it reads and its jobs' activity) to the
/// pipeline status grain every <see cref="Period"/> while the silo is active.
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

    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>This silo's report now.</summary>
    public SiloPipelineReport Current() => new(
        silo.SiloAddress.ToParsableString(),
        time.GetUtcNow().ToUnixTimeMilliseconds(),
        [.. readers.Partitions.Select(p => new PartitionReading(p.Topic, p.Partition, p.Lag, p.Committed))],
        jobs.Snapshot());

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

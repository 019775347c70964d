using Microsoft.Extensions.Options;
using Orleans.Analytics.Jobs;

namespace Orleans.Analytics.Pipeline;

/// <summary>
/// The silo's copy of the job watermark, refreshed from the topic's clock grain a few times a second while the
/// silo is active, so that thousands of key grains read it locally instead of calling one grain. Never goes back.
/// </summary>
public sealed partial class WatermarkView(IGrainFactory grains, IOptions<AnalyticsTopics> topics, ILogger<WatermarkView> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(200);
    private readonly CancellationTokenSource _stop = new();
    private readonly (long Watermark, long SeenAt)[] _history = new (long, long)[256];
    private int _historyNext;
    private long _watermark = long.MinValue;
    private Task _loop = Task.CompletedTask;

    /// <summary>The latest watermark of the events topic, epoch milliseconds.</summary>
    public long Current => Interlocked.Read(ref _watermark);

    /// <summary>Reads the clock now.</summary>
    public async Task<long> RefreshAsync()
    {
        var fresh = await grains.GetGrain<IJobClockGrain>(topics.Value.Events).GetWatermarkAsync();
        long seen;
        do
        {
            seen = Interlocked.Read(ref _watermark);
            if (fresh <= seen)
            {
                return seen;
            }
        }
        while (Interlocked.CompareExchange(ref _watermark, fresh, seen) != seen);
        lock (_history)
        {
            _history[_historyNext++ % _history.Length] = (fresh, System.Diagnostics.Stopwatch.GetTimestamp());
        }

        return fresh;
    }

    /// <summary>When (a <see cref="System.Diagnostics.Stopwatch"/> timestamp) this silo first saw the watermark reach <paramref name="time"/>, if it still remembers.</summary>
    public long? ReachedAt(long time)
    {
        lock (_history)
        {
            long? earliest = null;
            for (var i = 0; i < Math.Min(_historyNext, _history.Length); i++)
            {
                var (mark, seenAt) = _history[i];
                if (mark >= time && (earliest is null || seenAt < earliest))
                {
                    earliest = seenAt;
                }
            }

            return earliest;
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WatermarkView), ServiceLifecycleStage.Active, Start, Stop);

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
        using var timer = new PeriodicTimer(Refresh);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await RefreshAsync();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRefreshFailed(ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(2100, LogLevel.Warning, "Reading the job watermark failed; will retry: {Reason}")]
    private partial void LogRefreshFailed(string reason);
}

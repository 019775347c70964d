using System.Collections.Concurrent;
using Orleans.Analytics.Jobs;

namespace Orleans.Analytics.Clock;

/// <summary>
/// The silo's copy of each source topic's watermark and epoch, read from the topic clocks a few times a second while
/// the silo is active, so that key grains read it locally instead of calling one grain. It follows the clock, also
/// back to a lower watermark when a rewind starts a new epoch.
/// </summary>
internal sealed partial class WatermarkView(IGrainFactory grains, JobCatalog catalog, ILogger<WatermarkView> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(200);
    private static readonly TopicWatermark Unknown = new(-1, long.MinValue);
    private readonly ConcurrentDictionary<string, TopicWatermark> _current = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Topic, long Epoch, long Watermark), long> _reached = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>The latest watermark of <paramref name="topic"/> this silo knows (epoch -1 before it read the clock).</summary>
    public TopicWatermark Current(string topic) => _current.TryGetValue(topic, out var current) ? current : Unknown;

    /// <summary>Reads the topic's clock now.</summary>
    public async Task<TopicWatermark> RefreshAsync(string topic)
    {
        var fresh = await grains.GetGrain<ITopicClockGrain>(topic).GetWatermarkAsync();
        _current.AddOrUpdate(topic, fresh, (_, known) => fresh.Epoch > known.Epoch || (fresh.Epoch == known.Epoch && fresh.Watermark >= known.Watermark) ? fresh : known);
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (_reached.Count < 4_096)
        {
            _reached.TryAdd((topic, fresh.Epoch, fresh.Watermark), now);
        }

        return Current(topic);
    }

    /// <summary>When (a <see cref="System.Diagnostics.Stopwatch"/> timestamp) this silo first saw the topic's watermark reach <paramref name="time"/>, if it remembers.</summary>
    public long? ReachedAt(string topic, long time)
    {
        long? earliest = null;
        foreach (var ((t, _, mark), seenAt) in _reached)
        {
            if (t == topic && mark >= time && (earliest is null || seenAt < earliest))
            {
                earliest = seenAt;
            }
        }

        return earliest;
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
        var topics = catalog.ByTopic.Where(t => t.Value.Any(j => j.Processor is null)).Select(t => t.Key).ToArray();
        using var timer = new PeriodicTimer(Refresh);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (_reached.Count >= 4_096)
                {
                    _reached.Clear();
                }

                foreach (var topic in topics)
                {
                    try
                    {
                        await RefreshAsync(topic);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        LogRefreshFailed(topic, ex.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(2100, LogLevel.Warning, "Reading the watermark of {Topic} failed; will retry: {Reason}")]
    private partial void LogRefreshFailed(string topic, string reason);
}

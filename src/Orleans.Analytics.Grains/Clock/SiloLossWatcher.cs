using Orleans.Analytics.Jobs;

namespace Orleans.Analytics.Clock;

/// <summary>
/// Watches the cluster's membership: when a silo is declared dead, whatever its key grains held since their last
/// checkpoint is lost, so every topic with keyed jobs starts a new epoch and its partitions rewind to their
/// checkpoints (Flink's restart from the last checkpoint). Every surviving silo reports the death; the clock acts once.
/// </summary>
internal sealed partial class SiloLossWatcher(IClusterMembershipService membership, IGrainFactory grains, JobCatalog catalog, ILogger<SiloLossWatcher> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloLossWatcher), ServiceLifecycleStage.Active, Start, Stop);

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
        var dead = new HashSet<SiloAddress>(membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress));
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stop.Token))
            {
                foreach (var member in snapshot.Members.Values)
                {
                    if (member.Status != SiloStatus.Dead || !dead.Add(member.SiloAddress))
                    {
                        continue;
                    }

                    foreach (var topic in topics)
                    {
                        await ReportAsync(topic, member.SiloAddress);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task ReportAsync(string topic, SiloAddress silo)
    {
        for (var attempt = 0; !_stop.IsCancellationRequested; attempt++)
        {
            try
            {
                var epoch = await grains.GetGrain<ITopicClockGrain>(topic).SiloLostAsync(silo.ToParsableString(), $"silo {silo} was declared dead");
                LogRewound(silo.ToString(), topic, epoch);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReportFailed(silo.ToString(), topic, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 200 * (1 << Math.Min(attempt, 5)))), _stop.Token);
            }
        }
    }

    [LoggerMessage(2310, LogLevel.Warning, "Silo {Silo} died: topic {Topic} is in epoch {Epoch}, and its partitions read again from their checkpoints")]
    private partial void LogRewound(string silo, string topic, long epoch);

    [LoggerMessage(2311, LogLevel.Warning, "Reporting the death of silo {Silo} to the clock of {Topic} failed; retrying: {Reason}")]
    private partial void LogReportFailed(string silo, string topic, string reason);
}

using Microsoft.Extensions.Options;
using Orleans.Analytics.Core.Windows;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;
using Orleans.Concurrency;

namespace Orleans.Analytics.Pipeline;

/// <summary>
/// One job's state for one grouping key (grain key <c>job|key</c>), or for every key of a partition when the job
/// is co-partitioned. Events are applied at most once per (partition, offset) and are durable before the call
/// returns. While windows are held, a timer closes what the job watermark passed, and a reminder brings the grain
/// back if its silo dies.
/// </summary>
/// <remarks>
/// <para>Hot keys (an event type fed by every partition) are the bottleneck of a keyed pipeline, so calls
/// interleave: each applies its events at once under a gate, then waits for a write that covers them (group
/// commit). One write serves every call that applied while the previous write was in flight.</para>
/// <para>Closing a window holds the gate from computing its result until the result is acknowledged by Kafka and
/// the state that records it as emitted is written; no write can record a window as emitted before its result is
/// durable, so a crash can only cause the same record to be emitted again under the same key.</para>
/// </remarks>
[Reentrant]
[GrainType("job-key")]
internal sealed partial class JobKeyGrain(
    [PersistentState("job-key")] IPersistentState<JobKeyGrainState> state,
    AnalyticsJobCatalog catalog,
    IKafkaSink sink,
    WatermarkView watermark,
    JobActivity activity,
    IOptions<AnalyticsTopics> topics,
    IOptions<ProcessingOptions> processing,
    TimeProvider time,
    ILogger<JobKeyGrain> logger) : Grain, IJobKeyGrain, IRemindable
{
    private const string WakeUp = "close-windows";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<JobResult> _output = [];
    private Dictionary<int, long> _lastApplied = [];
    private IAnalyticsJob _job = null!;
    private IJobKeyState _state = null!;
    private string _key = null!;
    private IGrainTimer? _timer;
    private bool _reminderSet;
    private long _version;
    private long _persisted;
    private Task? _writing;
    private bool _broken;
    private long _reportedOpenWindows;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKeyString();
        var separator = id.IndexOf('|', StringComparison.Ordinal);
        _job = catalog.Get(id[..separator]);
        _key = id[(separator + 1)..];
        _state = _job.CreateState();
        _lastApplied = new Dictionary<int, long>(state.State.LastApplied);
        if (state.State.Saved is { } saved)
        {
            _state.Load(saved);
        }

        await UpdateWakeUpsAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        activity.AddOpenWindows(_job.Name, -_reportedOpenWindows);
        _reportedOpenWindows = 0;
        return Task.CompletedTask;
    }

    public async Task ApplyAsync(KeyedEvents batch)
    {
        var (partition, events, keys) = batch;
        List<SinkRecord>? late = null;
        long version;
        await _gate.WaitAsync();
        try
        {
            // Compare with what was applied before this call: a co-partitioned job may list one record under several keys.
            var applied = _lastApplied.TryGetValue(partition, out var previous) ? previous : -1;
            var last = applied;
            for (var i = 0; i < events.Count; i++)
            {
                var analyticsEvent = events[i];
                if (analyticsEvent.Offset <= applied)
                {
                    continue;
                }

                last = Math.Max(last, analyticsEvent.Offset);
                var key = keys?[i] ?? _key;
                var outcome = _state.Add(key, analyticsEvent);
                if (outcome.Status == EventStatus.TooLate)
                {
                    PipelineInstruments.LateRecords.Add(1, new KeyValuePair<string, object?>(PipelineInstruments.JobTag, _job.Name));
                    (late ??= []).Add(LateRecords.Create(_job.Name, key, topics.Value, analyticsEvent, outcome.Reason!, time.GetUtcNow()));
                    LogLate(_job.Name, key, analyticsEvent.Partition, analyticsEvent.Offset, outcome.Reason!);
                }
            }

            if (last == applied)
            {
                // All seen before (a replay). The first delivery may still be waiting for its write; this one must
                // not complete earlier, or the replayed offsets could be committed before the state is durable.
                version = _version;
            }
            else
            {
                _lastApplied[partition] = last;
                version = ++_version;
            }
        }
        finally
        {
            _gate.Release();
        }

        if (late is not null)
        {
            await sink.ProduceAllAsync(late);
        }

        await CommitAsync(version);
        await UpdateWakeUpsAsync();
    }

    public async Task AdvanceAsync()
    {
        var current = await watermark.RefreshAsync();
        await AdvanceToAsync(current);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminderSet = true;
        await AdvanceAsync();
        if (_state.OpenWindows > 0)
        {
            return;
        }

        // Nothing held any more: the reminder goes now, not each time the last window closes, so that a key whose
        // windows open and close with every batch does not write the reminder table with every batch.
        _reminderSet = false;
        try
        {
            if (await this.GetReminder(WakeUp) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (ReminderException)
        {
            // A call that opened a window registered it again meanwhile; that registration stands.
        }

        if (_state.OpenWindows > 0 && !_reminderSet)
        {
            _reminderSet = true;
            await this.RegisterOrUpdateReminder(WakeUp, processing.Value.RecoveryInterval, processing.Value.RecoveryInterval);
        }
    }

    private Task OnTimerAsync() => AdvanceToAsync(watermark.Current);

    private async Task AdvanceToAsync(long current)
    {
        await _gate.WaitAsync();
        try
        {
            _output.Clear();
            _state.Advance(_key, current, _output);
            if (_output.Count > 0)
            {
                try
                {
                    await sink.ProduceAllAsync([.. _output.Select(r => r.Record)]);
                }
                catch
                {
                    // The windows are marked emitted in memory but their results are not durable: no write of this
                    // activation may record that. Replace it; the next one reloads the state and emits again.
                    _broken = true;
                    DeactivateOnIdle();
                    throw;
                }

                RecordEmissions();
                await WriteLockedAsync(++_version);
            }
        }
        finally
        {
            _gate.Release();
        }

        await UpdateWakeUpsAsync();
    }

    // Returns once a write that includes change number <paramref name="version"/> is durable.
    private async Task CommitAsync(long version)
    {
        while (Volatile.Read(ref _persisted) < version)
        {
            var writing = _writing;
            if (writing is null || writing.IsCompleted)
            {
                writing = _writing = WriteNextAsync();
            }

            await writing;
        }
    }

    private async Task WriteNextAsync()
    {
        // Let the calls arriving in the next moment join this write: a hot key then writes a few times a second,
        // not once per call.
        if (processing.Value.GroupCommitDelay > TimeSpan.Zero)
        {
            await Task.Delay(processing.Value.GroupCommitDelay, time);
        }

        await _gate.WaitAsync();
        try
        {
            if (_persisted < _version)
            {
                await WriteLockedAsync(_version);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    // Called with the gate held, so the state written is the state of change number <paramref name="version"/>.
    private async Task WriteLockedAsync(long version)
    {
        if (_broken)
        {
            throw new InvalidOperationException($"Key grain {_job.Name}|{_key} failed to emit results and is being replaced; the caller retries against a fresh activation.");
        }

        state.State = new JobKeyGrainState { LastApplied = new Dictionary<int, long>(_lastApplied), Saved = _state.Save() };
        try
        {
            await state.WriteStateAsync();
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            // Another activation moved the state on (this one's silo was declared dead): drop this activation so the
            // caller's retry reaches one that loaded the current state.
            DeactivateOnIdle();
            throw;
        }

        Volatile.Write(ref _persisted, Math.Max(_persisted, version));
    }

    private void RecordEmissions()
    {
        var tag = new KeyValuePair<string, object?>(PipelineInstruments.JobTag, _job.Name);
        PipelineInstruments.ResultsEmitted.Add(_output.Count, tag);
        PipelineInstruments.CountTombstones(_output, tag);
        activity.RecordResults(_job.Name, _output.Count);
        if (!PipelineInstruments.WindowCloseLatency.Enabled)
        {
            return;
        }

        foreach (var result in _output)
        {
            if (result.WindowEnd != long.MinValue && watermark.ReachedAt(result.WindowEnd) is { } reached)
            {
                PipelineInstruments.WindowCloseLatency.Record(System.Diagnostics.Stopwatch.GetElapsedTime(reached).TotalSeconds, tag);
            }
        }
    }

    // While windows are held, a timer (which keeps the grain active) closes them, and a reminder stands in for the
    // timer if the silo dies. Once none are held the timer goes and the grain may deactivate like any idle grain;
    // the reminder goes at its next tick that finds nothing held (see ReceiveReminder).
    private async Task UpdateWakeUpsAsync()
    {
        var open = _state.OpenWindows;
        activity.AddOpenWindows(_job.Name, open - _reportedOpenWindows);
        _reportedOpenWindows = open;
        if (_state.OpenWindows > 0)
        {
            _timer ??= this.RegisterGrainTimer(
                static (grain, _) => grain.OnTimerAsync(),
                this,
                new GrainTimerCreationOptions { DueTime = processing.Value.TimerInterval, Period = processing.Value.TimerInterval, KeepAlive = true });
            if (!_reminderSet)
            {
                _reminderSet = true;
                await this.RegisterOrUpdateReminder(WakeUp, processing.Value.RecoveryInterval, processing.Value.RecoveryInterval);
            }

            return;
        }

        _timer?.Dispose();
        _timer = null;
    }

    [LoggerMessage(2200, LogLevel.Debug, "{Job} key {Key}: record {Partition}/{Offset} is too late: {Reason}")]
    private partial void LogLate(string job, string key, int partition, long offset, string reason);
}

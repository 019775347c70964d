using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Analytics.Clock;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Pipeline;
using Orleans.Concurrency;
using Orleans.Streams.Core;

namespace Orleans.Analytics.Keys;

/// <summary>
/// One job's state for one grouping key (grain key <c>job|key</c>), or for every key of a partition when the job is
/// co-partitioned: fed by the partition readers through its <c>jobs</c> stream, it applies each record once per
/// (partition, offset), closes windows on a timer when the topic's watermark passes them, and writes its results to
/// Kafka.
/// </summary>
/// <remarks>
/// <para>Durability follows checkpoints, not deliveries: a delivery is applied in memory and returns; a checkpoint
/// barrier on the stream returns only once the state covering everything before it is durable, and the partition's
/// offset is committed only once every stream it fed acknowledged its barrier. Barriers arriving together share one
/// write (group commit).</para>
/// <para>A result is written to the state (an outbox) before it goes to Kafka, and leaves the outbox once Kafka
/// acknowledged it, so after a crash the same records go out again, unchanged and under the same keys.</para>
/// <para>Before applying anything, an activation writes that it is live (not clean); as it deactivates it writes
/// everything it holds, clean. An activation that finds its state not clean may have lost what its predecessor
/// applied since its last write (its silo died): it makes sure the topic rewinds, and closes no window until the
/// topic's clock is past that rewind, so every window is closed with the records read again.</para>
/// </remarks>
[ImplicitStreamSubscription(JobStreams.Namespace)]
[GrainType("job-key")]
[Reentrant]
internal sealed partial class KeyGrain(
    [PersistentState("job-key")] IPersistentState<KeyGrainState> state,
    JobCatalog catalog,
    IKafkaSink sink,
    WatermarkView watermark,
    JobActivity activity,
    PipelineInstruments instruments,
    IOptions<ProcessingOptions> processing,
    TimeProvider time,
    [FromKeyedServices("Default")] Orleans.Storage.IGrainStorage? storage,
    ILogger<KeyGrain> logger)
    : Grain, IJobKeyGrain, IStreamSubscriptionObserver, IAsyncObserver<object>, IRemindable
{
    private const string Reminder = "close-windows";
    private readonly KeyOutput _output = new();
    private JobRuntime _job = null!;
    private IKeyState _state = null!;
    private string _grainKey = null!;
    private AppliedOffsets<int> _applied = null!;
    private List<SinkRecord> _outbox = [];
    private WakeUps _wakeUps = null!;
    private long _version;
    private long _persisted;
    private Task? _writing;
    private bool _live;
    private long _holdThroughEpoch = long.MinValue;
    private long _acceptFromEpoch = long.MinValue;
    private bool _emitting;
    private long _lastWatermark = long.MinValue;
    private long _reportedHeld;
    private readonly List<long> _pendingCloses = [];

    private bool Holding => _holdThroughEpoch != long.MinValue;

    private bool Held => _state.Held > 0 || _outbox.Count > 0 || Holding;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKeyString();
        var separator = id.IndexOf('|', StringComparison.Ordinal);
        _job = catalog.Get(id[..separator]);
        _grainKey = id[(separator + 1)..];
        _state = _job.CreateKeyState(_grainKey);
        var stored = state.State;
        if (stored.Saved is { } saved)
        {
            _state.Load(saved);
        }

        _applied = new AppliedOffsets<int>(stored.Applied);
        _outbox = [.. stored.Outbox];
        _wakeUps = new WakeUps(this, Reminder, processing.Value.TimerInterval, processing.Value.RecoveryInterval, AdvanceAsync);
        if (state.RecordExists && !stored.Clean)
        {
            // The previous activation ended without writing what it held: whatever it applied since its last write is
            // gone. The topic must read it again from its checkpoints; until then no window of this grain closes.
            _holdThroughEpoch = stored.Epoch;
            _acceptFromEpoch = stored.Epoch + 1;
            var epoch = await GrainFactory.GetGrain<ITopicClockGrain>(_job.SourceTopic).RewindAsync(stored.Epoch, $"key grain {id} came back without its last writes");
            LogRestoredUnclean(id, stored.Epoch, epoch);
        }

        await UpdateWakeUpsAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        activity.AddOpenWindows(_job.Name, -_reportedHeld);
        _reportedHeld = 0;
        if ((!_live && Volatile.Read(ref _persisted) >= _version)
            || (reason.ReasonCode == DeactivationReasonCode.ShuttingDown && storage is Orleans.Storage.MemoryGrainStorage))
        {
            // Nothing to write, or nothing would outlive the process anyway (in-memory storage at shutdown).
            return;
        }

        try
        {
            await WriteAsync(clean: !Holding);
        }
        catch (Exception ex)
        {
            // The stored state stays marked live: the next activation asks for the rewind that replays what is lost here.
            LogDeactivationWriteFailed(ex, this.GetPrimaryKeyString());
        }
    }

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<object>().ResumeAsync(this);

    public Task OnNextAsync(object item, StreamSequenceToken? token = null) => item switch
    {
        KeyDelivery delivery => ApplyAsync(delivery),
        KafkaCheckpoint => CheckpointAsync(),
        _ => Task.CompletedTask,
    };

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public async Task AdvanceAsync()
    {
        if (_emitting)
        {
            return;
        }

        _emitting = true;
        try
        {
            var view = watermark.Current(_job.SourceTopic);
            if (view.Epoch < 0)
            {
                view = await watermark.RefreshAsync(_job.SourceTopic);
            }

            if (Holding && view.Epoch > _holdThroughEpoch)
            {
                LogReleased(this.GetPrimaryKeyString(), view.Epoch);
                _holdThroughEpoch = long.MinValue;
            }

            if (!Holding)
            {
                _output.Clear();
                _output.Now = time.GetUtcNow();
                _state.Advance(view.Watermark, _output);
                _lastWatermark = Math.Max(_lastWatermark, view.Watermark);
                if (_output.Records.Count > 0)
                {
                    _outbox.AddRange(_output.Records);
                    _pendingCloses.AddRange(_output.ClosedWindowEnds);
                    _version++;
                    Count(_output);
                }
            }

            if (_outbox.Count > 0)
            {
                await SendOutboxAsync();
            }
        }
        finally
        {
            _emitting = false;
        }

        await UpdateWakeUpsAsync();
    }

    public Task<JobKeyQueryResult> QueryAsync(string? key = null)
    {
        var windows = _state.Query();
        if (key is not null)
        {
            windows = [.. windows.Where(w => w.Key == key)];
        }

        var view = watermark.Current(_job.SourceTopic);
        return Task.FromResult(new JobKeyQueryResult(_job.Name, _grainKey, view.Epoch, _lastWatermark, _applied.Copy(), windows, Holding));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await AdvanceAsync();
        await _wakeUps.OnReminderAsync(() => Held);
    }

    private async Task ApplyAsync(KeyDelivery delivery)
    {
        if (!_live)
        {
            // Written once per activation, before anything is applied: a crash from now on leaves the state marked live.
            await DurableAsync(++_version);
        }

        if (delivery.Epoch < _acceptFromEpoch)
        {
            // Read before the rewind this grain's loss asked for: after what it still holds there may be records it
            // lost, which only the replay brings back, in order.
            LogStale(this.GetPrimaryKeyString(), delivery.ToString(), delivery.Epoch);
            return;
        }

        var applied = _applied.Of(delivery.Partition);
        var decision = _applied.Decide(delivery.Partition, delivery.FirstOffset, delivery.LastOffset);
        if (decision == RunDecision.Applied)
        {
            return;
        }

        if (decision == RunDecision.Straddles && delivery.Partials is not null)
        {
            // Cut by an earlier reader than the one whose records this grain holds: the replay sends these records alone.
            LogStraddling(this.GetPrimaryKeyString(), delivery.ToString(), applied);
            return;
        }

        _output.Clear();
        _output.Now = time.GetUtcNow();
        _state.Apply(delivery, applyPartials: decision == RunDecision.New, offset => offset > applied, _output);
        _applied.Advance(delivery.Partition, delivery.LastOffset);
        _version++;
        if (_output.Records.Count > 0)
        {
            _outbox.AddRange(_output.Records);
            Count(_output);
        }

        await UpdateWakeUpsAsync();
    }

    private Task CheckpointAsync() => DurableAsync(_version);

    // Writes the outbox ahead (so a crash repeats these very records), sends it, and takes off what Kafka acknowledged.
    private async Task SendOutboxAsync()
    {
        try
        {
            await DurableAsync(_version);
            var sending = _outbox.ToArray();
            var closes = _pendingCloses.ToArray();
            await sink.ProduceAllAsync(sending);
            _outbox.RemoveRange(0, Math.Min(sending.Length, _outbox.Count));
            _pendingCloses.RemoveRange(0, Math.Min(closes.Length, _pendingCloses.Count));
            _version++;
            RecordCloseLatency(closes);
        }
        catch (KafkaSinkException ex)
        {
            // Kept: sent again at the next tick, unchanged. Nothing is dropped while a sink refuses writes.
            LogSendFailed(this.GetPrimaryKeyString(), _outbox.Count, ex.Message);
        }
    }

    // Returns once a write that includes change number <paramref name="version"/> is durable.
    private async Task DurableAsync(long version)
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
        // Let the barriers arriving in the next moment join this write: a hot key fed by every partition then writes
        // once per checkpoint round, not once per partition.
        if (processing.Value.GroupCommitDelay > TimeSpan.Zero)
        {
            await Task.Delay(processing.Value.GroupCommitDelay, time);
        }

        await WriteAsync(clean: false);
    }

    private async Task WriteAsync(bool clean)
    {
        var version = _version;
        var epoch = watermark.Current(_job.SourceTopic).Epoch;
        state.State = new KeyGrainState
        {
            Applied = _applied.Copy(),
            Saved = _state.Save(),
            Outbox = [.. _outbox],
            Epoch = Holding ? _holdThroughEpoch : Math.Max(0, epoch),
            Clean = clean,
        };
        try
        {
            await state.WriteStateAsync();
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            // Another activation moved the state on (this one's silo was declared dead): drop this one.
            DeactivateOnIdle();
            throw;
        }

        if (version > Volatile.Read(ref _persisted))
        {
            Volatile.Write(ref _persisted, version);
        }

        _live |= !clean;
    }

    private void Count(KeyOutput output)
    {
        var tag = new KeyValuePair<string, object?>(PipelineInstruments.JobTag, _job.Name);
        var emitted = output.Results + output.Tombstones;
        if (emitted > 0)
        {
            instruments.ResultsEmitted.Add(emitted, tag);
            activity.RecordResults(_job.Name, emitted);
        }

        if (output.Tombstones > 0)
        {
            instruments.Tombstones.Add(output.Tombstones, tag);
        }

        if (output.Late > 0)
        {
            instruments.LateRecords.Add(output.Late, tag);
        }
    }

    private void RecordCloseLatency(long[] windowEnds)
    {
        if (!instruments.WindowCloseLatency.Enabled)
        {
            return;
        }

        var tag = new KeyValuePair<string, object?>(PipelineInstruments.JobTag, _job.Name);
        foreach (var end in windowEnds)
        {
            if (watermark.ReachedAt(_job.SourceTopic, end) is { } reached)
            {
                instruments.WindowCloseLatency.Record(System.Diagnostics.Stopwatch.GetElapsedTime(reached).TotalSeconds, tag);
            }
        }
    }

    private async Task UpdateWakeUpsAsync()
    {
        var held = _state.Held;
        activity.AddOpenWindows(_job.Name, held - _reportedHeld);
        _reportedHeld = held;
        await _wakeUps.UpdateAsync(Held);
    }

    [LoggerMessage(2200, LogLevel.Warning, "Key grain {Grain} came back without its last writes (written in epoch {StoredEpoch}); topic epoch is now {Epoch}, and its windows wait for the replay")]
    private partial void LogRestoredUnclean(string grain, long storedEpoch, long epoch);

    [LoggerMessage(2201, LogLevel.Information, "Key grain {Grain} closes windows again (epoch {Epoch})")]
    private partial void LogReleased(string grain, long epoch);

    [LoggerMessage(2202, LogLevel.Debug, "Key grain {Grain} dropped pre-aggregated delivery {Delivery}, cut across its last applied offset {Applied}; the replay sends its records alone")]
    private partial void LogStraddling(string grain, string delivery, long applied);

    [LoggerMessage(2205, LogLevel.Debug, "Key grain {Grain} dropped delivery {Delivery} read in epoch {Epoch}, before the rewind it waits for")]
    private partial void LogStale(string grain, string delivery, long epoch);

    [LoggerMessage(2203, LogLevel.Warning, "Key grain {Grain} could not send {Count} records to Kafka; they stay in its outbox and go at the next tick: {Reason}")]
    private partial void LogSendFailed(string grain, int count, string reason);

    [LoggerMessage(2204, LogLevel.Error, "Key grain {Grain} could not write its state as it deactivated; the next activation replays what it held")]
    private partial void LogDeactivationWriteFailed(Exception exception, string grain);
}

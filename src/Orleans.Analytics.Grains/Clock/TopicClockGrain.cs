using Microsoft.Extensions.Options;
using Orleans.Analytics.Core.Watermarks;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Clock;

/// <summary>
/// The watermark and rewind epoch of one source topic (grain key: the topic); see <see cref="ITopicClockGrain"/>.
/// Its durable state is the epoch and every partition's last checkpoint, so a clock that comes back on another silo
/// holds the watermark at the checkpoints until the readers report again, and a rewind knows where to go back to.
/// Positions between checkpoints are only in memory: readers report several times a second.
/// </summary>
[GrainType("topic-clock")]
internal sealed partial class TopicClockGrain(
    [PersistentState("topic-clock")] IPersistentState<TopicClockState> state,
    IOptions<ProcessingOptions> options,
    KafkaTopicPartitions topicPartitions,
    TimeProvider time,
    ILogger<TopicClockGrain> logger) : Grain, ITopicClockGrain
{
    /// <summary>How long a partition's idle declaration lasts without a report; readers report every half second while idle.</summary>
    internal static readonly TimeSpan IdleLease = TimeSpan.FromSeconds(2);

    // Checkpoint positions are written at most this often: an older position on disk only means going back further.
    private static readonly TimeSpan CheckpointWriteInterval = TimeSpan.FromSeconds(1);

    private readonly TopicWatermarks _watermarks = new(options.Value.Windowing, time, IdleLease);
    private int _registered;
    private bool _checkpointsDirty;
    private Task _writing = Task.CompletedTask;
    private long _lastCheckpointWrite;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var topic = this.GetPrimaryKeyString();
        _watermarks.Restore(
            state.State.Epoch,
            state.State.Checkpoints.Select(c => (c.Key, c.Value.Offset, c.Value.MaxEventTime)),
            state.State.HighestWatermark);
        RegisterKnownPartitions();
        return Task.CompletedTask;
    }

    // A partition added to the topic while the silo runs is known here once this silo's provider read the new
    // metadata (or its reader reports), and holds the watermark from then until it is read.
    private void RegisterKnownPartitions()
    {
        var known = topicPartitions.For(this.GetPrimaryKeyString()) ?? 0;
        for (; _registered < known; _registered++)
        {
            _watermarks.Register(_registered);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _checkpointsDirty ? WriteAsync() : Task.CompletedTask;

    public Task<TopicClockReply> ReportAsync(PartitionProgressReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        RegisterKnownPartitions();
        _watermarks.Report(report.Partition, report.Epoch, report.DeliveredThrough, report.MaxEventTime, report.Idle, report.LastRecordAt);
        var watermark = _watermarks.GetWatermark();
        return Task.FromResult(new TopicClockReply(_watermarks.Epoch, watermark, _watermarks.HighestWatermark));
    }

    public async Task CheckpointAsync(int partition, long epoch, long committedOffset, long maxEventTime, IReadOnlyList<string> recentKeys)
    {
        ArgumentNullException.ThrowIfNull(recentKeys);
        _watermarks.Checkpoint(partition, epoch, committedOffset, maxEventTime);
        state.State.RecentKeys[partition] = [.. recentKeys];
        _checkpointsDirty = true;
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(_lastCheckpointWrite, now) >= CheckpointWriteInterval)
        {
            _lastCheckpointWrite = now;
            await WriteAsync();
        }
        else
        {
            // Written by the next checkpoint, a rewind or deactivation; a timer is not worth it for a second.
            EnsureFlushTimer();
        }
    }

    public async Task<long> RewindAsync(long sinceEpoch, string reason)
    {
        if (_watermarks.Epoch == sinceEpoch)
        {
            await StartEpochAsync(reason);
        }

        return _watermarks.Epoch;
    }

    public async Task<long> SiloLostAsync(string silo, string reason)
    {
        if (!state.State.LostSilos.Contains(silo))
        {
            state.State.LostSilos.Add(silo);
            if (state.State.LostSilos.Count > 64)
            {
                state.State.LostSilos.RemoveAt(0);
            }

            await StartEpochAsync(reason);
        }

        return _watermarks.Epoch;
    }

    public Task<IReadOnlyList<string>> GetRecentKeysAsync(int partition) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.RecentKeys.TryGetValue(partition, out var keys) ? keys : []);

    public Task<TopicWatermark> GetWatermarkAsync()
    {
        RegisterKnownPartitions();
        return Task.FromResult(new TopicWatermark(_watermarks.Epoch, _watermarks.GetWatermark()));
    }

    public Task<TopicClockStatus> GetStatusAsync()
    {
        RegisterKnownPartitions();
        var watermark = _watermarks.GetWatermark();
        return Task.FromResult(new TopicClockStatus(
            this.GetPrimaryKeyString(),
            watermark,
            [.. _watermarks.GetPositions().Select(p => new PartitionClockStatus(p.Partition, p.Watermark, p.MaxEventTime, p.IsIdle, p.DeliveredThrough, p.ReportedAgoMs, p.CheckpointOffset))],
            _watermarks.Epoch));
    }

    private async Task StartEpochAsync(string reason)
    {
        _watermarks.Rewind();
        LogRewind(this.GetPrimaryKeyString(), _watermarks.Epoch, reason);
        await WriteAsync();
    }

    private IGrainTimer? _flush;

    private void EnsureFlushTimer() =>
        _flush ??= this.RegisterGrainTimer(
            static async (grain, _) =>
            {
                grain._flush?.Dispose();
                grain._flush = null;
                if (grain._checkpointsDirty)
                {
                    await grain.WriteAsync();
                }
            },
            this,
            new GrainTimerCreationOptions { DueTime = CheckpointWriteInterval, Period = Timeout.InfiniteTimeSpan });

    private async Task WriteAsync()
    {
        await _writing;
        _checkpointsDirty = false;
        state.State.Epoch = _watermarks.Epoch;
        state.State.HighestWatermark = _watermarks.HighestWatermark;
        foreach (var position in _watermarks.GetPositions())
        {
            if (position.CheckpointOffset >= 0)
            {
                state.State.Checkpoints[position.Partition] = new CheckpointPosition(position.CheckpointOffset, position.CheckpointMaxEventTime);
            }
        }

        _writing = state.WriteStateAsync();
        await _writing;
    }

    [LoggerMessage(2300, LogLevel.Warning, "Topic {Topic} rewinds to its checkpoints (epoch {Epoch}): {Reason}")]
    private partial void LogRewind(string topic, long epoch, string reason);
}

/// <summary>The durable part of a topic clock.</summary>
[GenerateSerializer]
public sealed class TopicClockState
{
    /// <summary>The rewind epoch.</summary>
    [Id(0)]
    public long Epoch { get; set; }

    /// <summary>Each partition's last committed checkpoint.</summary>
    [Id(1)]
    public Dictionary<int, CheckpointPosition> Checkpoints { get; set; } = [];

    /// <summary>The highest watermark the topic ever had.</summary>
    [Id(2)]
    public long HighestWatermark { get; set; } = long.MinValue;

    /// <summary>Silos whose death already started an epoch (the latest few).</summary>
    [Id(3)]
    public List<string> LostSilos { get; set; } = [];

    /// <summary>Per partition, the key grains it fed lately (as of its last checkpoint), to wake after a rewind.</summary>
    [Id(4)]
    public Dictionary<int, string[]> RecentKeys { get; set; } = [];
}

/// <summary>A committed checkpoint: the offset a rewind reads from and the highest event time before it.</summary>
[GenerateSerializer, Immutable]
public sealed record CheckpointPosition([property: Id(0)] long Offset, [property: Id(1)] long MaxEventTime);

using Orleans.Analytics.Core.Time;

namespace Orleans.Analytics.Core.Watermarks;

/// <summary>
/// The watermark of a source topic from what its partitions' readers report, in epochs. Not thread-safe.
/// </summary>
/// <remarks>
/// <para>A partition's position is the highest event time among the records its reader has delivered; the topic's
/// watermark is the minimum over the partitions that are not idle, minus the watermark delay, and never goes back
/// within an epoch. A partition that has had no record holds it at its minimum.</para>
/// <para>Only a partition's own reader declares it idle: when it has read to the partition's end, delivered everything
/// and seen nothing new for the idle timeout. The declaration lasts while the reader keeps reporting
/// (<see cref="IdleLease"/>): a partition nobody reports for (its reader died, or it is being handed over) holds the
/// watermark at its last position, however long that takes, and a partition with lag is never idle. When every
/// partition is idle the watermark moves on with the wall clock from the last record, so the last windows of a
/// finished stream close (Flink would wait for new data).</para>
/// <para>A rewind starts a new epoch: every position goes back to the partition's last checkpoint and the readers
/// read again from there, so the watermark may go back too. Nothing of an earlier epoch counts afterwards.</para>
/// </remarks>
public sealed class TopicWatermarks
{
    private readonly Dictionary<int, Position> _partitions = [];
    private readonly TimeProvider _time;
    private readonly long _delay;
    private readonly long _lease;
    private long _current = long.MinValue;

    /// <summary>Creates the watermark of a topic with no partition known.</summary>
    /// <param name="options">Delay and time mode.</param>
    /// <param name="timeProvider">The wall clock.</param>
    /// <param name="idleLease">How long an idle declaration lasts without a new report.</param>
    public TopicWatermarks(WindowingOptions options, TimeProvider timeProvider, TimeSpan idleLease)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleLease, TimeSpan.Zero);
        Options = options;
        _time = timeProvider;
        _delay = TimeMath.ToMilliseconds(options.WatermarkDelay);
        _lease = TimeMath.ToMilliseconds(idleLease);
        IdleLease = idleLease;
    }

    /// <summary>The settings in use.</summary>
    public WindowingOptions Options { get; }

    /// <summary>How long an idle declaration lasts without a new report.</summary>
    public TimeSpan IdleLease { get; }

    /// <summary>The current epoch; 0 before the first rewind.</summary>
    public long Epoch { get; private set; }

    /// <summary>The highest watermark the topic ever had, over every epoch.</summary>
    public long HighestWatermark { get; private set; } = long.MinValue;

    /// <summary>The partitions known.</summary>
    public IReadOnlyCollection<int> Partitions => _partitions.Keys;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Starts from a stored state: the epoch, and each partition's last checkpoint.</summary>
    public void Restore(long epoch, IEnumerable<(int Partition, long Offset, long MaxEventTime)> checkpoints, long highestWatermark)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        Epoch = epoch;
        HighestWatermark = highestWatermark;
        foreach (var (partition, offset, maxEventTime) in checkpoints)
        {
            var position = Get(partition);
            position.CheckpointOffset = offset;
            position.CheckpointMaxEventTime = maxEventTime;
            position.MaxEventTime = maxEventTime;
            position.DeliveredThrough = offset - 1;
        }
    }

    /// <summary>Makes a partition known (from the topic's metadata): it holds the watermark until it reports or turns idle.</summary>
    public void Register(int partition) => Get(partition);

    /// <summary>
    /// A reader's report; ignored (false) when it is of an earlier epoch. Within an epoch a position only moves
    /// forward, so a reader that took over a partition and reads it again from its checkpoint moves it on only once
    /// it is past where the previous reader got.
    /// </summary>
    public bool Report(int partition, long epoch, long deliveredThrough, long maxEventTime, bool idle, long lastRecordAt)
    {
        if (epoch != Epoch)
        {
            return false;
        }

        var position = Get(partition);
        position.DeliveredThrough = Math.Max(position.DeliveredThrough, deliveredThrough);
        position.MaxEventTime = Math.Max(position.MaxEventTime, maxEventTime);
        position.Idle = idle;
        position.ReportedAt = Now;
        position.ReportedInEpoch = true;
        if (lastRecordAt > position.LastRecordAt)
        {
            position.LastRecordAt = lastRecordAt;
        }

        return true;
    }

    /// <summary>A partition's checkpoint was committed: where its position goes back to at a rewind.</summary>
    public void Checkpoint(int partition, long epoch, long committedOffset, long maxEventTime)
    {
        if (epoch != Epoch)
        {
            return;
        }

        var position = Get(partition);
        if (committedOffset >= position.CheckpointOffset)
        {
            position.CheckpointOffset = committedOffset;
            position.CheckpointMaxEventTime = Math.Max(position.CheckpointMaxEventTime, maxEventTime);
        }
    }

    /// <summary>Starts a new epoch: every partition goes back to its last checkpoint, not idle, until its reader reports again.</summary>
    public void Rewind()
    {
        Epoch++;
        _current = long.MinValue;
        foreach (var position in _partitions.Values)
        {
            position.DeliveredThrough = position.CheckpointOffset - 1;
            position.MaxEventTime = position.CheckpointMaxEventTime;
            position.Idle = false;
            position.ReportedInEpoch = false;
        }
    }

    /// <summary>The watermark now: never lower than before within an epoch; <see cref="long.MinValue"/> while nothing is known.</summary>
    public long GetWatermark()
    {
        var now = Now;
        long candidate;
        if (Options.TimeMode == TimeMode.ProcessingTime)
        {
            candidate = now;
        }
        else
        {
            candidate = long.MaxValue;
            var anyActive = false;
            var maxEventTime = long.MinValue;
            var lastRecordAt = long.MinValue;
            foreach (var position in _partitions.Values)
            {
                maxEventTime = Math.Max(maxEventTime, position.MaxEventTime);
                lastRecordAt = Math.Max(lastRecordAt, position.LastRecordAt);
                if (!IsIdle(position, now))
                {
                    anyActive = true;
                    candidate = Math.Min(candidate, WatermarkOf(position));
                }
            }

            if (!anyActive)
            {
                candidate = maxEventTime == long.MinValue || lastRecordAt < 0
                    ? long.MinValue
                    : TimeMath.AddSaturating(TimeMath.SubtractSaturating(maxEventTime, _delay), Math.Max(0, now - lastRecordAt));
            }
        }

        if (candidate > _current)
        {
            _current = candidate;
        }

        if (_current > HighestWatermark)
        {
            HighestWatermark = _current;
        }

        return _current;
    }

    /// <summary>Every partition's state now, in partition order.</summary>
    public IReadOnlyList<TopicPartitionPosition> GetPositions()
    {
        var now = Now;
        return
        [
            .. _partitions.OrderBy(p => p.Key).Select(p => new TopicPartitionPosition(
                p.Key, WatermarkOf(p.Value), p.Value.MaxEventTime, IsIdle(p.Value, now), p.Value.DeliveredThrough,
                p.Value.ReportedInEpoch ? now - p.Value.ReportedAt : -1, p.Value.CheckpointOffset, p.Value.CheckpointMaxEventTime)),
        ];
    }

    private bool IsIdle(Position position, long now) => position.Idle && position.ReportedInEpoch && now - position.ReportedAt <= _lease;

    private long WatermarkOf(Position position) =>
        position.MaxEventTime == long.MinValue ? long.MinValue : TimeMath.SubtractSaturating(position.MaxEventTime, _delay);

    private Position Get(int partition)
    {
        if (!_partitions.TryGetValue(partition, out var position))
        {
            position = new Position();
            _partitions.Add(partition, position);
        }

        return position;
    }

    private sealed class Position
    {
        public long DeliveredThrough { get; set; } = -1;

        public long MaxEventTime { get; set; } = long.MinValue;

        public bool Idle { get; set; }

        public long ReportedAt { get; set; }

        public bool ReportedInEpoch { get; set; }

        public long LastRecordAt { get; set; } = -1;

        public long CheckpointOffset { get; set; } = -1;

        public long CheckpointMaxEventTime { get; set; } = long.MinValue;
    }
}

/// <summary>One partition's position in a topic's watermark.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="Watermark">Its own watermark (highest event time delivered minus the delay), or <see cref="long.MinValue"/>.</param>
/// <param name="MaxEventTime">The highest event time delivered, or <see cref="long.MinValue"/>.</param>
/// <param name="IsIdle">Whether its reader's idle declaration holds now.</param>
/// <param name="DeliveredThrough">The last offset reported delivered, or -1.</param>
/// <param name="ReportedAgoMs">Milliseconds since its reader last reported in this epoch, or -1 when none has.</param>
/// <param name="CheckpointOffset">The committed offset of its last checkpoint, or -1.</param>
/// <param name="CheckpointMaxEventTime">The highest event time before that checkpoint, or <see cref="long.MinValue"/>.</param>
public readonly record struct TopicPartitionPosition(
    int Partition,
    long Watermark,
    long MaxEventTime,
    bool IsIdle,
    long DeliveredThrough,
    long ReportedAgoMs,
    long CheckpointOffset,
    long CheckpointMaxEventTime);

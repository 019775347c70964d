using Orleans.Analytics.Core.Time;

namespace Orleans.Analytics.Core.Watermarks;

/// <summary>
/// The job watermark over the source partitions a reader owns: the minimum over partitions that are not idle.
/// Never decreases. Not thread-safe.
/// </summary>
/// <remarks>
/// <para>As in Flink, an idle partition (silent for <see cref="WindowingOptions.IdleTimeout"/>) does not hold the
/// watermark back, and a partition that has not had a record yet holds it at its minimum until it turns idle.</para>
/// <para>Unlike Flink, which waits for new data, when every partition is idle the watermark advances with the wall
/// clock from the last record: <c>max event time − delay + (now − wall clock of the last record)</c>. So the final
/// windows of a finished stream close once the idle timeout has passed and the wall clock has covered the window end.</para>
/// <para>In <see cref="TimeMode.ProcessingTime"/> the watermark is the wall clock, and <see cref="TimestampFor"/>
/// replaces event times with the wall clock.</para>
/// </remarks>
public sealed class WatermarkTracker
{
    private readonly Dictionary<int, PartitionWatermark> _partitions = [];
    private readonly TimeProvider _time;
    private readonly long _delay;
    private long _current = long.MinValue;
    private long _maxEventTime = long.MinValue;
    private long _lastRecordAt = long.MinValue;

    /// <summary>Creates a tracker with no partitions.</summary>
    /// <param name="options">Delay, idle timeout and time mode.</param>
    /// <param name="timeProvider">The wall clock; <see cref="TimeProvider.System"/> in production, a fake in tests.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public WatermarkTracker(WindowingOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        Options = options;
        _time = timeProvider;
        _delay = TimeMath.ToMilliseconds(options.WatermarkDelay);
    }

    /// <summary>The settings in use.</summary>
    public WindowingOptions Options { get; }

    /// <summary>How many partitions are tracked.</summary>
    public int PartitionCount => _partitions.Count;

    /// <summary>The wall clock now, epoch milliseconds.</summary>
    public long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Starts tracking a partition (for example on assignment) so its silence counts towards idleness.</summary>
    /// <param name="partition">The source partition.</param>
    public void Register(int partition)
    {
        if (!_partitions.ContainsKey(partition))
        {
            _partitions.Add(partition, NewPartition());
        }
    }

    /// <summary>Stops tracking a partition (for example when it is revoked).</summary>
    /// <param name="partition">The source partition.</param>
    /// <returns><see langword="true"/> when it was tracked.</returns>
    public bool Remove(int partition) => _partitions.Remove(partition);

    /// <summary>The time a record is windowed by: its event time, or the wall clock in processing-time mode.</summary>
    /// <param name="eventTime">The record's event time, epoch milliseconds.</param>
    /// <returns>The time to pass to the window operators.</returns>
    public long TimestampFor(long eventTime) => Options.TimeMode == TimeMode.ProcessingTime ? Now : eventTime;

    /// <summary>Records a record's arrival on a partition, registering the partition if new.</summary>
    /// <param name="partition">The source partition.</param>
    /// <param name="eventTime">The record's event time (or <see cref="TimestampFor"/>'s result), epoch milliseconds.</param>
    public void Observe(int partition, long eventTime)
    {
        if (!_partitions.TryGetValue(partition, out var state))
        {
            state = NewPartition();
            _partitions.Add(partition, state);
        }

        var now = Now;
        state.Observe(eventTime, now);
        if (eventTime > _maxEventTime)
        {
            _maxEventTime = eventTime;
        }

        if (now > _lastRecordAt)
        {
            _lastRecordAt = now;
        }
    }

    /// <summary>Whether a partition is idle now; an unknown partition is not.</summary>
    /// <param name="partition">The source partition.</param>
    /// <returns><see langword="true"/> when tracked and idle.</returns>
    public bool IsIdle(int partition) => _partitions.TryGetValue(partition, out var state) && state.IsIdle(Now);

    /// <summary>Computes the job watermark now; it never decreases between calls.</summary>
    /// <returns>The watermark in epoch milliseconds; <see cref="long.MinValue"/> while nothing is known.</returns>
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
            foreach (var state in _partitions.Values)
            {
                if (!state.IsIdle(now))
                {
                    anyActive = true;
                    candidate = Math.Min(candidate, state.Watermark);
                }
            }

            if (!anyActive)
            {
                candidate = _lastRecordAt == long.MinValue
                    ? long.MinValue
                    : TimeMath.AddSaturating(TimeMath.SubtractSaturating(_maxEventTime, _delay), Math.Max(0, now - _lastRecordAt));
            }
        }

        if (candidate > _current)
        {
            _current = candidate;
        }

        return _current;
    }

    /// <summary>Every tracked partition's state now, for the status API.</summary>
    /// <returns>One entry per partition, in partition order.</returns>
    public IReadOnlyList<PartitionWatermarkStatus> GetPartitionStatus()
    {
        var now = Now;
        var result = new List<PartitionWatermarkStatus>(_partitions.Count);
        foreach (var (partition, state) in _partitions)
        {
            result.Add(new PartitionWatermarkStatus(
                partition, state.Watermark, state.MaxEventTime, state.LastActivity, state.RecordCount, state.IsIdle(now)));
        }

        result.Sort(static (a, b) => a.Partition.CompareTo(b.Partition));
        return result;
    }

    private PartitionWatermark NewPartition() => new(Options.WatermarkDelay, Options.IdleTimeout, Now);
}

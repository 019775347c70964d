using Orleans.Analytics.Core.Time;

namespace Orleans.Analytics.Core.Watermarks;

/// <summary>
/// The watermark of one source partition: its largest event time minus the watermark delay, and whether it is idle.
/// </summary>
/// <remarks>
/// Like Flink SQL's <c>WATERMARK FOR event_time AS event_time - INTERVAL 'delay'</c> with a source idle timeout.
/// A partition is idle when nothing arrived on it for the idle timeout; a partition that never had a record counts
/// from when it was created, so a silent partition stops holding back the job after the timeout.
/// </remarks>
public sealed class PartitionWatermark
{
    private readonly long _delay;
    private readonly long _idleTimeout;

    /// <summary>Creates the watermark of a partition that has seen no record yet.</summary>
    /// <param name="watermarkDelay">Subtracted from the largest event time; zero or positive.</param>
    /// <param name="idleTimeout">Silence after which the partition is idle; positive.</param>
    /// <param name="createdAt">Wall clock at creation, epoch milliseconds; the idle timeout counts from here until the first record.</param>
    public PartitionWatermark(TimeSpan watermarkDelay, TimeSpan idleTimeout, long createdAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(watermarkDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleTimeout, TimeSpan.Zero);
        _delay = TimeMath.ToMilliseconds(watermarkDelay);
        _idleTimeout = TimeMath.ToMilliseconds(idleTimeout);
        LastActivity = createdAt;
    }

    /// <summary>The largest event time seen, epoch milliseconds; <see cref="long.MinValue"/> before the first record.</summary>
    public long MaxEventTime { get; private set; } = long.MinValue;

    /// <summary>Wall clock of the last record (or of creation), epoch milliseconds.</summary>
    public long LastActivity { get; private set; }

    /// <summary>How many records were observed.</summary>
    public long RecordCount { get; private set; }

    /// <summary>Whether at least one record was observed.</summary>
    public bool HasRecords => RecordCount > 0;

    /// <summary>Largest event time minus the delay; <see cref="long.MinValue"/> before the first record.</summary>
    public long Watermark => HasRecords ? TimeMath.SubtractSaturating(MaxEventTime, _delay) : long.MinValue;

    /// <summary>Records the arrival of a record.</summary>
    /// <param name="eventTime">The record's event time, epoch milliseconds.</param>
    /// <param name="now">Wall clock at arrival, epoch milliseconds.</param>
    public void Observe(long eventTime, long now)
    {
        if (eventTime > MaxEventTime)
        {
            MaxEventTime = eventTime;
        }

        if (now > LastActivity)
        {
            LastActivity = now;
        }

        RecordCount++;
    }

    /// <summary>Whether the partition has been silent for at least the idle timeout.</summary>
    /// <param name="now">Wall clock, epoch milliseconds.</param>
    /// <returns><see langword="true"/> when idle.</returns>
    public bool IsIdle(long now) => TimeMath.SubtractSaturating(now, LastActivity) >= _idleTimeout;
}

namespace Orleans.Analytics.Kafka.Diagnostics;

/// <summary>Live figures of one partition read by this silo.</summary>
internal sealed class PartitionGauge(string topic, int partition)
{
    private long _lag = -1;
    private long _position = -1;
    private long _committed = -1;
    private long _highWatermark = -1;
    private long _lowWatermark = -1;
    private long _highWatermarkConfirmedAt;
    private long _lastCommitAt = -1;
    private double _lastCommitDurationMs = -1;

    public string Topic { get; } = topic;

    public int Partition { get; } = partition;

    /// <summary>High watermark minus position, or -1 while unknown.</summary>
    public long Lag { get => Volatile.Read(ref _lag); set => Volatile.Write(ref _lag, value); }

    /// <summary>The next offset this silo will read, or -1 while unknown.</summary>
    public long Position { get => Volatile.Read(ref _position); set => Volatile.Write(ref _position, value); }

    /// <summary>The last offset committed by this silo, or -1.</summary>
    public long Committed { get => Volatile.Read(ref _committed); set => Volatile.Write(ref _committed, value); }

    /// <summary>The partition's end offset as last seen in a fetch, or -1 while unknown.</summary>
    public long HighWatermark { get => Volatile.Read(ref _highWatermark); set => Volatile.Write(ref _highWatermark, value); }

    /// <summary>The partition's first offset as last seen in a fetch, or -1 while unknown.</summary>
    public long LowWatermark { get => Volatile.Read(ref _lowWatermark); set => Volatile.Write(ref _lowWatermark, value); }

    /// <summary>
    /// Records read and not yet committed (read position minus committed offset, or minus the partition's first
    /// offset while nothing is committed), or -1 while nothing is read.
    /// </summary>
    public long Uncommitted
    {
        get
        {
            var position = Position;
            var committed = Committed >= 0 ? Committed : Math.Max(0, LowWatermark);
            return position < 0 ? -1 : Math.Max(0, position - committed);
        }
    }

    /// <summary>When (a <see cref="System.Diagnostics.Stopwatch"/> timestamp) a broker last answered for the partition's end; 0 while never.</summary>
    public long HighWatermarkConfirmedAt { get => Volatile.Read(ref _highWatermarkConfirmedAt); set => Volatile.Write(ref _highWatermarkConfirmedAt, value); }

    /// <summary>
    /// Whether a broker answered for the partition's end within <paramref name="age"/>: the client's cached end is
    /// then known to be current. While brokers are unreachable it is not, and a reader that seems caught up may not be.
    /// </summary>
    public bool HighWatermarkConfirmedWithin(TimeSpan age)
    {
        var at = HighWatermarkConfirmedAt;
        return at != 0 && System.Diagnostics.Stopwatch.GetElapsedTime(at) <= age;
    }

    /// <summary>When this silo last committed the partition's offset, epoch milliseconds, or -1.</summary>
    public long LastCommitAt { get => Volatile.Read(ref _lastCommitAt); set => Volatile.Write(ref _lastCommitAt, value); }

    /// <summary>How long that commit took, milliseconds, or -1.</summary>
    public double LastCommitDurationMs { get => Volatile.Read(ref _lastCommitDurationMs); set => Volatile.Write(ref _lastCommitDurationMs, value); }

    public Func<int> InFlight { get; set; } = static () => 0;

    /// <summary>Records fetched and waiting for the receiver.</summary>
    public Func<int> Buffered { get; set; } = static () => 0;
}

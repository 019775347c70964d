namespace Orleans.Analytics.Kafka;

/// <summary>
/// The items a partition reader emitted for one run of records (a mini-batch), or the barriers of one checkpoint:
/// done once each of its containers has been delivered to every consumer of its stream.
/// </summary>
internal sealed class DeliveryBatch(long sequence, long firstOffset, long lastOffset, long generation, bool isCheckpoint)
{
    public long Sequence { get; } = sequence;

    public long FirstOffset { get; } = firstOffset;

    /// <summary>The last offset whose records this batch covers (a checkpoint: the offset it commits through).</summary>
    public long LastOffset { get; } = lastOffset;

    public long Generation { get; } = generation;

    public bool IsCheckpoint { get; } = isCheckpoint;

    /// <summary>Containers not yet delivered.</summary>
    public int Pending { get; set; }

    /// <summary>When the batch was emitted (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long EmittedAt { get; init; }

    public int Containers { get; set; }
}

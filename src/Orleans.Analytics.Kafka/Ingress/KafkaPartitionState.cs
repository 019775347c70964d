namespace Orleans.Analytics.Kafka;

/// <summary>A partition reader's progress, as its processor sees it after a read.</summary>
/// <param name="ReadPosition">The next offset to read (-1 before the first record).</param>
/// <param name="DeliveredThrough">Every record up to and including this offset was processed and every item emitted for it delivered (-1: none yet).</param>
/// <param name="HighWatermark">The partition's end offset as last seen by the Kafka client, or -1 while unknown.</param>
/// <param name="Buffered">Records fetched and not yet read by the reader.</param>
/// <param name="RecordsRead">Records this read took.</param>
/// <param name="Now">The wall clock, epoch milliseconds.</param>
public readonly record struct KafkaPartitionState(long ReadPosition, long DeliveredThrough, long HighWatermark, int Buffered, int RecordsRead, long Now)
{
    /// <summary>Records in the partition not yet read (0 when at its end), or -1 while unknown.</summary>
    public long Lag => HighWatermark < 0 || ReadPosition < 0 ? -1 : Math.Max(0, HighWatermark - ReadPosition) + Buffered;

    /// <summary>Whether the reader has read to the partition's end and delivered everything it read.</summary>
    public bool IsCaughtUp => Lag == 0 && Buffered == 0 && DeliveredThrough >= ReadPosition - 1;
}

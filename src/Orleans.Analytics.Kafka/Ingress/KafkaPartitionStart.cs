namespace Orleans.Analytics.Kafka;

/// <summary>Where a partition reader starts, and how far earlier readers may have got.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Position">The next offset read: the committed offset, or where the startup mode begins (-1 until the first record tells).</param>
/// <param name="ReplayEnd">
/// Records below this offset (and at or above <paramref name="Position"/>) may have been delivered before, by this
/// reader before a rewind or by an earlier owner of the partition: a consumer may hold some of them already. -1 or
/// at most <paramref name="Position"/> when nothing is replayed.
/// </param>
/// <param name="Generation">Increases with every start and rewind of this reader; items emitted before carry an older one.</param>
/// <param name="Reason">Why the reader (re)started, for logs.</param>
public sealed record KafkaPartitionStart(string Topic, int Partition, long Position, long ReplayEnd, long Generation, string Reason)
{
    /// <summary>Whether the record at <paramref name="offset"/> may have been delivered before.</summary>
    public bool IsReplay(long offset) => offset < ReplayEnd;
}

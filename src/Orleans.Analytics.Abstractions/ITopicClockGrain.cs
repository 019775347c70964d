namespace Orleans.Analytics;

/// <summary>
/// The watermark of a source topic (grain key: the topic). Each partition's reader reports how far it has delivered
/// (offset and highest event time) and whether it is idle; the watermark is the minimum over partitions that are not
/// idle, minus the watermark delay. A partition nobody reports for holds the watermark where it was last reported.
/// The clock also keeps the topic's rewind epoch: when state that was not yet durable may have been lost (a silo
/// died, a key grain came back without its last writes), the epoch moves on, every partition's position goes back
/// to its last checkpoint, and every reader rewinds to it.
/// </summary>
public interface ITopicClockGrain : IGrainWithStringKey
{
    /// <summary>A reader's progress; the reply says the current epoch (a reader of an older one must rewind) and watermark.</summary>
    Task<TopicClockReply> ReportAsync(PartitionProgressReport report);

    /// <summary>
    /// A partition's checkpoint was committed: its position after a rewind, and the key grains it fed that may still
    /// hold state (woken by the partition's next reader after a rewind, wherever it runs).
    /// </summary>
    Task CheckpointAsync(int partition, long epoch, long committedOffset, long maxEventTime, IReadOnlyList<string> recentKeys);

    /// <summary>The key grains the partition fed lately, as of its last checkpoint.</summary>
    Task<IReadOnlyList<string>> GetRecentKeysAsync(int partition);

    /// <summary>Moves to a new epoch unless it already moved past <paramref name="sinceEpoch"/>; returns the current epoch.</summary>
    Task<long> RewindAsync(long sinceEpoch, string reason);

    /// <summary>Moves to a new epoch for a silo that died, once per silo; returns the current epoch.</summary>
    Task<long> SiloLostAsync(string silo, string reason);

    /// <summary>The epoch and watermark now.</summary>
    Task<TopicWatermark> GetWatermarkAsync();

    /// <summary>The watermark and every known partition's position, for the status API.</summary>
    Task<TopicClockStatus> GetStatusAsync();
}

/// <summary>A partition reader's report to its topic's clock.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="Epoch">The epoch the reader reads in.</param>
/// <param name="DeliveredThrough">Every record up to this offset was delivered to the key grains (-1: none).</param>
/// <param name="MaxEventTime">The highest event time among those records, epoch milliseconds (<see cref="long.MinValue"/>: none).</param>
/// <param name="Idle">The reader has read to the partition's end, delivered everything and seen nothing new for the idle timeout.</param>
/// <param name="LastRecordAt">When the reader last read a record, epoch milliseconds of the wall clock (-1: never).</param>
/// <param name="Lag">Records not yet read, or -1 while unknown.</param>
[GenerateSerializer, Immutable, Alias("orleans-analytics.partition-progress")]
public sealed record PartitionProgressReport(
    [property: Id(0)] int Partition,
    [property: Id(1)] long Epoch,
    [property: Id(2)] long DeliveredThrough,
    [property: Id(3)] long MaxEventTime,
    [property: Id(4)] bool Idle,
    [property: Id(5)] long LastRecordAt,
    [property: Id(6)] long Lag);

/// <summary>The clock's answer to a report.</summary>
/// <param name="Epoch">The current epoch.</param>
/// <param name="Watermark">The topic's watermark now.</param>
/// <param name="HighestWatermark">The highest watermark the topic ever had (over every epoch): no key grain's watermark is beyond it.</param>
[GenerateSerializer, Immutable, Alias("orleans-analytics.topic-clock-reply")]
public sealed record TopicClockReply(
    [property: Id(0)] long Epoch,
    [property: Id(1)] long Watermark,
    [property: Id(2)] long HighestWatermark);

/// <summary>A topic's watermark in an epoch.</summary>
/// <param name="Epoch">The epoch.</param>
/// <param name="Watermark">Epoch milliseconds; <see cref="long.MinValue"/> before any record.</param>
[GenerateSerializer, Immutable, Alias("orleans-analytics.topic-watermark")]
public sealed record TopicWatermark(
    [property: Id(0)] long Epoch,
    [property: Id(1)] long Watermark);

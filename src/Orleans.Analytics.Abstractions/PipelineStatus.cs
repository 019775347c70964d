namespace Orleans.Analytics;

/// <summary>A topic clock's view of its partitions, for the status API.</summary>
/// <param name="Topic">The source topic.</param>
/// <param name="Watermark">The topic's watermark, epoch milliseconds (<see cref="long.MinValue"/> before any record).</param>
/// <param name="Partitions">Every partition the clock knows.</param>
/// <param name="Epoch">The rewind epoch the watermark is in.</param>
[GenerateSerializer, Immutable]
public sealed record TopicClockStatus(
    [property: Id(0)] string Topic,
    [property: Id(1)] long Watermark,
    [property: Id(2)] IReadOnlyList<PartitionClockStatus> Partitions,
    [property: Id(3)] long Epoch = 0);

/// <summary>One partition as its topic clock sees it.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="Watermark">The partition's own watermark, epoch milliseconds (<see cref="long.MinValue"/> before any record).</param>
/// <param name="MaxEventTime">The highest event time read, epoch milliseconds (<see cref="long.MinValue"/> before any record).</param>
/// <param name="Idle">Whether its reader declared it idle (read to the end, nothing new for the idle timeout).</param>
/// <param name="DeliveredThrough">The last offset its reader reported delivered, or -1.</param>
/// <param name="ReportedAgoMs">Milliseconds since its reader last reported, or -1 when no reader has in this epoch (held).</param>
/// <param name="CheckpointOffset">The offset of its last committed checkpoint, or -1.</param>
[GenerateSerializer, Immutable]
public sealed record PartitionClockStatus(
    [property: Id(0)] int Partition,
    [property: Id(1)] long Watermark,
    [property: Id(2)] long MaxEventTime,
    [property: Id(3)] bool Idle,
    [property: Id(4)] long DeliveredThrough = -1,
    [property: Id(5)] long ReportedAgoMs = -1,
    [property: Id(6)] long CheckpointOffset = -1);

/// <summary>What one silo reports of its share of the pipeline: the partitions it reads and its jobs' activity.</summary>
/// <param name="Silo">The silo's address.</param>
/// <param name="ReportedAt">When the report was made, epoch milliseconds.</param>
/// <param name="Partitions">The source partitions the silo reads.</param>
/// <param name="Jobs">Per job, what the silo's grains hold and emitted.</param>
[GenerateSerializer, Immutable]
public sealed record SiloPipelineReport(
    [property: Id(0)] string Silo,
    [property: Id(1)] long ReportedAt,
    [property: Id(2)] IReadOnlyList<PartitionReading> Partitions,
    [property: Id(3)] IReadOnlyList<JobActivityReport> Jobs);

/// <summary>One source partition read by a silo.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Lag">Records not yet read (high watermark minus position), or -1 while unknown.</param>
/// <param name="Committed">The offset last committed to the consumer group, or -1.</param>
/// <param name="Rates">Its records in and out per second over the last minute, lag trend and their histories.</param>
/// <param name="LastCommitAt">When the silo last committed its offset (its last checkpoint), epoch milliseconds, or -1.</param>
/// <param name="LastCommitDurationMs">How long that commit took, milliseconds, or -1.</param>
/// <param name="Pauses">Times it stopped being read on this silo because its queue cache was full (back-pressure).</param>
/// <param name="Paused">Whether it is paused by a full cache now.</param>
[GenerateSerializer, Immutable]
public sealed record PartitionReading(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] long Lag,
    [property: Id(3)] long Committed,
    [property: Id(4)] PartitionRates? Rates = null,
    [property: Id(5)] long LastCommitAt = -1,
    [property: Id(6)] double LastCommitDurationMs = -1,
    [property: Id(7)] long Pauses = 0,
    [property: Id(8)] bool Paused = false);

/// <summary>A partition's rates over the last minute, from the reporting silo's samples.</summary>
/// <param name="InPerSecond">Records read from Kafka per second.</param>
/// <param name="OutPerSecond">Records completed (committed onward) per second.</param>
/// <param name="LagTrendPerSecond">How fast the lag changes, records per second: negative while catching up.</param>
/// <param name="InHistory">Records read per second in each sampling interval, oldest first.</param>
/// <param name="LagHistory">The lag at each sample, oldest first.</param>
[GenerateSerializer, Immutable]
public sealed record PartitionRates(
    [property: Id(0)] double InPerSecond,
    [property: Id(1)] double OutPerSecond,
    [property: Id(2)] double LagTrendPerSecond,
    [property: Id(3)] IReadOnlyList<double> InHistory,
    [property: Id(4)] IReadOnlyList<long> LagHistory);

/// <summary>A job's activity on one silo.</summary>
/// <param name="Job">The job's name.</param>
/// <param name="OpenWindows">Windows (or sessions) open in the silo's active grains.</param>
/// <param name="Results">Result records emitted by the silo since it started.</param>
/// <param name="LastResultAt">When the silo last emitted a result, epoch milliseconds, or null.</param>
/// <param name="InPerSecond">Records read per second over the last minute from the job's source topic on this silo.</param>
/// <param name="OutPerSecond">Results emitted per second over the last minute on this silo.</param>
[GenerateSerializer, Immutable]
public sealed record JobActivityReport(
    [property: Id(0)] string Job,
    [property: Id(1)] long OpenWindows,
    [property: Id(2)] long Results,
    [property: Id(3)] long? LastResultAt,
    [property: Id(4)] double InPerSecond = 0,
    [property: Id(5)] double OutPerSecond = 0);

/// <summary>
/// Collects the silos' pipeline reports (one grain, key <see cref="Key"/>); the status API reads them and drops
/// those of silos that are no longer active.
/// </summary>
public interface IPipelineStatusGrain : IGrainWithStringKey
{
    /// <summary>The grain's key.</summary>
    const string Key = "pipeline";

    /// <summary>A silo's latest report replaces its previous one.</summary>
    Task ReportAsync(SiloPipelineReport report);

    /// <summary>The latest report of every silo that reported.</summary>
    Task<IReadOnlyList<SiloPipelineReport>> GetReportsAsync();
}

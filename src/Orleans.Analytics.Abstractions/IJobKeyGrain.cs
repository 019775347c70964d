namespace Orleans.Analytics;

/// <summary>
/// One job's state for one grouping key (grain key <c>job|key</c>), or for every key of one partition when the
/// job is co-partitioned (grain key <c>job|partition:N</c>): its open windows, closed by the job's watermark. It is
/// fed by the partition readers through the <c>jobs</c> stream of the same key.
/// </summary>
public interface IJobKeyGrain : IGrainWithStringKey
{
    /// <summary>The key's live state: its open windows and their partial results, and as of which watermark and offsets.</summary>
    Task<JobKeyQueryResult> QueryAsync(string? key = null);

    /// <summary>Closes and emits what the watermark passed; completes once emitted.</summary>
    Task AdvanceAsync();
}

/// <summary>A key grain's answer to a live query.</summary>
/// <param name="Job">The job.</param>
/// <param name="GrainKey">The grain's key (the grouping key, or <c>partition:N</c>).</param>
/// <param name="Epoch">The topic's rewind epoch the answer is in.</param>
/// <param name="Watermark">The watermark the grain last closed windows at, epoch milliseconds (<see cref="long.MinValue"/>: none yet).</param>
/// <param name="Offsets">Per source partition, the last offset applied.</param>
/// <param name="Windows">The windows held (for a co-partitioned grain asked for one key, only that key's).</param>
/// <param name="Holding">Whether the grain came back without its last writes and waits for the replay before closing windows.</param>
[GenerateSerializer, Immutable, Alias("orleans-analytics.job-key-query")]
public sealed record JobKeyQueryResult(
    [property: Id(0)] string Job,
    [property: Id(1)] string GrainKey,
    [property: Id(2)] long Epoch,
    [property: Id(3)] long Watermark,
    [property: Id(4)] IReadOnlyDictionary<int, long> Offsets,
    [property: Id(5)] IReadOnlyList<KeyWindowView> Windows,
    [property: Id(6)] bool Holding);

namespace Orleans.Analytics;

/// <summary>
/// The state of one job for one grouping key (grain key <c>job|key</c>), or for every key of one partition when
/// the job is co-partitioned (grain key <c>job|partition:N</c>): its open windows, closed by the job's watermark.
/// Events are applied at most once per (partition, offset).
/// </summary>
public interface IJobKeyGrain : IGrainWithStringKey
{
    /// <summary>Applies a partition's events, in offset order, under their grouping keys; completes once they are durable.</summary>
    Task ApplyAsync(KeyedEvents batch);

    /// <summary>Closes and emits what the watermark passed; completes once emitted and durable.</summary>
    Task AdvanceAsync();
}

namespace Orleans.Analytics;

/// <summary>
/// The state of one job for one grouping key (grain key <c>job|key</c>): its open windows, closed by the job's
/// watermark. Events are applied at most once per (partition, offset).
/// </summary>
public interface IJobKeyGrain : IGrainWithStringKey
{
    /// <summary>Applies a partition's events for this key, in offset order; completes once they are durable.</summary>
    Task ApplyAsync(int partition, IReadOnlyList<AnalyticsEvent> events);

    /// <summary>Closes and emits what the watermark passed; completes once emitted and durable.</summary>
    Task AdvanceAsync();
}

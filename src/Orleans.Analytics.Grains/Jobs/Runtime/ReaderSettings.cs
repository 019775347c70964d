using Orleans.Analytics.Core.Time;

namespace Orleans.Analytics.Jobs;

/// <summary>What a partition reader's jobs need to know of the pipeline's settings.</summary>
/// <param name="TimeMode">Event time, or processing time (inputs are stamped with the wall clock).</param>
/// <param name="PreAggregate">Whether mini-batches are folded into partial aggregates (<c>Processing:MiniBatch:Enabled</c>).</param>
/// <param name="Topics">Where late records go.</param>
internal sealed record ReaderSettings(TimeMode TimeMode, bool PreAggregate, AnalyticsTopics Topics);

namespace Orleans.Analytics;

/// <summary>
/// The watermark of a source topic (grain key: the topic): partition readers report their progress, and the
/// watermark is the minimum over partitions that are not idle.
/// </summary>
public interface IJobClockGrain : IGrainWithStringKey
{
    /// <summary>A reader reports the highest event time it read in <paramref name="partition"/>.</summary>
    Task ReportAsync(int partition, long maxEventTime);

    /// <summary>The topic's watermark now, epoch milliseconds (<see cref="long.MinValue"/> before any record).</summary>
    Task<long> GetWatermarkAsync();

    /// <summary>The watermark and every known partition's state, for the status API.</summary>
    Task<TopicClockStatus> GetStatusAsync();
}

namespace Orleans.Analytics;

/// <summary>The event processor of one input partition (key: the partition number).</summary>
public interface IEventProcessorGrain : IGrainWithStringKey
{
    /// <summary>What this activation processed so far.</summary>
    Task<EventProcessorStats> GetStatsAsync();
}

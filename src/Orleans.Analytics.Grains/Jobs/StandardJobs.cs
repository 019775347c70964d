using Orleans.Analytics.Jobs.Analytics;
using Orleans.Analytics.Jobs.EventProcessing;

namespace Orleans.Analytics.Jobs;

/// <summary>The seed's jobs, registered as any job is.</summary>
public static class StandardJobs
{
    /// <summary>The four analytics jobs over <c>analytics_events</c> (seeds 000–002), with <c>Processing:*</c>.</summary>
    public static StreamJobRegistry AddAnalyticsJobs(this StreamJobRegistry jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return jobs
            .Add<EventAggregatorJob, ProcessingOptions>(ProcessingOptions.Section)
            .Add<SessionTrackerJob, ProcessingOptions>(ProcessingOptions.Section)
            .Add<PerformanceTrackerJob, ProcessingOptions>(ProcessingOptions.Section)
            .Add<ProcessingMetricsJob>();
    }

    /// <summary>The event processor of seed 003, with <c>Jobs:EventProcessor:*</c>.</summary>
    public static StreamJobRegistry AddEventProcessor(this StreamJobRegistry jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return jobs.Add<EventProcessorJob, EventProcessorOptions>(EventProcessorOptions.Section);
    }
}

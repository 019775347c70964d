using Orleans.Analytics.Core.Time;

namespace Orleans.Analytics.Jobs;

/// <summary>The pipeline settings a job starts from (<c>Processing:*</c>); a job may override its lateness.</summary>
internal sealed record JobDefaults(TimeMode TimeMode, TimeSpan AllowedLateness, string LateEventsTopic)
{
    public static JobDefaults From(ProcessingOptions options, AnalyticsTopics topics) =>
        new(options.TimeMode, options.AllowedLateness, topics.LateEvents);
}

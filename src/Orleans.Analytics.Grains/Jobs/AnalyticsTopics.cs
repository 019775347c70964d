namespace Orleans.Analytics.Jobs;

/// <summary>The topics the analytics jobs read and write (configuration <c>Kafka:Topics</c>).</summary>
public sealed class AnalyticsTopics
{
    public string Events { get; set; } = "analytics_events";

    public string EventMetrics { get; set; } = "event_metrics";

    public string SessionMetrics { get; set; } = "session_metrics";

    public string PerformanceMetrics { get; set; } = "performance_metrics";

    public string ProcessingMetrics { get; set; } = "processing_metrics";

    public string LateEvents { get; set; } = "late_events";

    public string DeadLetters { get; set; } = "dead_letters";
}

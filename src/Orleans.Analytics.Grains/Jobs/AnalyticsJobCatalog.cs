using Orleans.Analytics.Jobs.Analytics;

namespace Orleans.Analytics.Jobs;

/// <summary>The jobs over <c>analytics_events</c>; adding a job is one line in <see cref="Create"/>.</summary>
public sealed class AnalyticsJobCatalog
{
    private readonly Dictionary<string, IAnalyticsJob> _jobs;
    private readonly IAnalyticsJob[] _ordered;

    public AnalyticsJobCatalog(IEnumerable<IAnalyticsJob> jobs)
    {
        _ordered = [.. jobs];
        _jobs = _ordered.ToDictionary(j => j.Name, StringComparer.Ordinal);
    }

    /// <summary>The jobs, in registration order.</summary>
    public IReadOnlyList<IAnalyticsJob> Jobs => _ordered;

    /// <summary>The standard jobs, with the given settings.</summary>
    public static AnalyticsJobCatalog Create(ProcessingOptions options, AnalyticsTopics topics, IEnumerable<IAnalyticsJob>? extra = null) =>
        new(
        [
            new EventAggregatorJob(options, topics),
            new SessionTrackerJob(options, topics),
            new PerformanceTrackerJob(options, topics),
            new ProcessingMetricsJob(topics),
            .. extra ?? [],
        ]);

    public IAnalyticsJob Get(string name) =>
        _jobs.TryGetValue(name, out var job) ? job : throw new KeyNotFoundException($"No analytics job is named '{name}'.");
}

using System.Text.Json;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Jobs.Analytics;

/// <summary>
/// EventAggregator → <c>event_metrics</c>: per tumbling window of <c>Processing:MetricsWindowSize</c> and event type
/// (only <c>Processing:AllowedEventTypes</c>), <c>{window_start, window_end, event_type, event_count, unique_users, revision}</c>,
/// keyed <c>event_type|window_start</c>.
/// </summary>
public sealed class EventAggregatorJob(ProcessingOptions options, AnalyticsTopics topics) : IStreamJob
{
    private readonly HashSet<string> _allowed = new(options.EffectiveAllowedEventTypes, StringComparer.Ordinal);

    public JobDefinition Define(JobBuilder job) => job
        .Named("event-aggregator")
        .From(topics.Events, AnalyticsEventParser.Instance)
        .EventTime(e => e.EventTime)
        .Where(e => _allowed.Contains(e.Type))
        .KeyBy(e => e.Type)
        .Window(JobWindows.Tumbling(options.MetricsWindowSize))
        .Aggregate(new EventMetricsAggregate())
        .ToTopic(topics.EventMetrics, WriteResult);

    private static void WriteResult(Utf8JsonWriter json, WindowEmission<string, EventMetricsAccumulator> emission)
    {
        json.WriteString("window_start", EventTimes.ToIso(emission.Window.Start));
        json.WriteString("window_end", EventTimes.ToIso(emission.Window.End));
        json.WriteString("event_type", emission.Key);
        json.WriteNumber("event_count", emission.Result.EventCount);
        json.WriteNumber("unique_users", emission.Result.Users.Count);
    }
}

/// <summary>Events and distinct users of a window.</summary>
public sealed class EventMetricsAccumulator
{
    public long EventCount { get; set; }

    public HashSet<string> Users { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Counts events and distinct users; mergeable, so readers or sessions can combine partial counts.</summary>
public sealed class EventMetricsAggregate : IWindowAggregate<AnalyticsEvent, EventMetricsAccumulator, EventMetricsAccumulator>
{
    public EventMetricsAccumulator CreateAccumulator() => new();

    public EventMetricsAccumulator Add(EventMetricsAccumulator accumulator, AnalyticsEvent input)
    {
        accumulator.EventCount++;
        if (input.UserId is { } user)
        {
            accumulator.Users.Add(user);
        }

        return accumulator;
    }

    public EventMetricsAccumulator Merge(EventMetricsAccumulator target, EventMetricsAccumulator other)
    {
        target.EventCount += other.EventCount;
        target.Users.UnionWith(other.Users);
        return target;
    }

    public EventMetricsAccumulator GetResult(EventMetricsAccumulator accumulator) => accumulator;
}

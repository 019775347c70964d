using System.Text.Json;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Core.Windows;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Jobs.Analytics;

namespace Orleans.Analytics.Grains.Tests.Examples;

/// <summary>
/// The example of docs/adding-a-job.md: per page and tumbling window, page views and distinct visitors, written
/// to <c>page_popularity</c> as <c>{window_start, window_end, page, page_views, visitors, revision}</c>.
/// </summary>
public sealed class PagePopularityJob(PagePopularityOptions options, AnalyticsTopics topics) : IStreamJob
{
    public JobDefinition Define(JobBuilder job) => job
        .Named("page-popularity")
        .From(topics.Events, AnalyticsEventParser.Instance)
        .EventTime(e => e.EventTime)
        .Where(e => e.Type == "page_view")
        .KeyBy(e => e.Page)
        .Window(JobWindows.Tumbling(options.WindowSize))
        .Aggregate(new EventMetricsAggregate())
        .ToTopic(options.Topic, (json, emission) =>
        {
            json.WriteString("window_start", EventTimes.ToIso(emission.Window.Start));
            json.WriteString("window_end", EventTimes.ToIso(emission.Window.End));
            json.WriteString("page", emission.Key);
            json.WriteNumber("page_views", emission.Result.EventCount);
            json.WriteNumber("visitors", emission.Result.Users.Count);
        });
}

/// <summary>Settings of the example job (section <c>Jobs:PagePopularity</c>).</summary>
public sealed class PagePopularityOptions
{
    /// <summary>The sink topic. Default <c>page_popularity</c>.</summary>
    public string Topic { get; set; } = "page_popularity";

    /// <summary>The tumbling window. Default 5 min.</summary>
    public TimeSpan WindowSize { get; set; } = TimeSpan.FromMinutes(5);
}

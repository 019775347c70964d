using System.Text.Json;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Jobs.Analytics;

/// <summary>
/// SessionTracker → <c>session_metrics</c>: session windows per user with <c>Processing:SessionGap</c>, cut at
/// <c>Processing:SessionMaxDuration</c>. <c>session_start</c> is the first event's time, <c>session_end</c> the last
/// event's; <c>duration_seconds</c> is between them. Keyed <c>user_id|session_start</c>, the session window's start
/// (its first event's time); a session superseded by a late record gets a tombstone under that key.
/// </summary>
public sealed class SessionTrackerJob(ProcessingOptions options, AnalyticsTopics topics) : IStreamJob
{
    /// <summary>Sessions are per user, and records are keyed by user: one grain per partition holds its users' sessions.</summary>
    public JobDefinition Define(JobBuilder job) => job
        .Named("session-tracker")
        .From(topics.Events, AnalyticsEventParser.Instance)
        .EventTime(e => e.EventTime)
        .KeyBy(e => e.UserId)
        .CoPartitioned()
        .Window(JobWindows.Session(options.SessionGap, options.SessionMaxDuration))
        .Aggregate(new SessionAggregate())
        .ToTopic(topics.SessionMetrics, WriteResult);

    private static void WriteResult(Utf8JsonWriter json, WindowEmission<string, SessionAccumulator> emission)
    {
        var session = emission.Result;
        json.WriteString("user_id", emission.Key);
        json.WriteString("session_id", session.SessionId);
        json.WriteString("session_start", EventTimes.ToIso(session.FirstEventTime));
        json.WriteString("session_end", EventTimes.ToIso(session.LastEventTime));
        json.WriteNumber("duration_seconds", (session.LastEventTime - session.FirstEventTime) / 1000.0);
        json.WriteNumber("event_count", session.EventCount);
        json.WriteNumber("page_views", session.PageViews);
        json.WriteNumber("clicks", session.Clicks);
        json.WriteNumber("conversions", session.Conversions);
        json.WriteBoolean("converted", session.Conversions > 0);
        json.WriteString("device_category", session.DeviceCategory);
    }
}

/// <summary>What a session has seen so far.</summary>
public sealed class SessionAccumulator
{
    public long FirstEventTime { get; set; } = long.MaxValue;

    public long LastEventTime { get; set; } = long.MinValue;

    public long EventCount { get; set; }

    public long PageViews { get; set; }

    public long Clicks { get; set; }

    public long Conversions { get; set; }

    /// <summary>The session id of the session's first event (the earliest in event time).</summary>
    public string? SessionId { get; set; }

    /// <summary>The device category of the session's first event.</summary>
    public string? DeviceCategory { get; set; }
}

/// <summary>Counts a session's events by type; merges when a bridging event joins two sessions.</summary>
public sealed class SessionAggregate : IWindowAggregate<AnalyticsEvent, SessionAccumulator, SessionAccumulator>
{
    public SessionAccumulator CreateAccumulator() => new();

    public SessionAccumulator Add(SessionAccumulator accumulator, AnalyticsEvent input)
    {
        if (input.EventTime < accumulator.FirstEventTime)
        {
            accumulator.FirstEventTime = input.EventTime;
            accumulator.SessionId = input.SessionId;
            accumulator.DeviceCategory = input.DeviceCategory;
        }

        accumulator.LastEventTime = Math.Max(accumulator.LastEventTime, input.EventTime);
        accumulator.EventCount++;
        switch (input.Type)
        {
            case "page_view":
                accumulator.PageViews++;
                break;
            case "click":
                accumulator.Clicks++;
                break;
            case "conversion":
                accumulator.Conversions++;
                break;
        }

        return accumulator;
    }

    public SessionAccumulator Merge(SessionAccumulator target, SessionAccumulator other)
    {
        if (other.FirstEventTime < target.FirstEventTime)
        {
            target.FirstEventTime = other.FirstEventTime;
            target.SessionId = other.SessionId;
            target.DeviceCategory = other.DeviceCategory;
        }

        target.LastEventTime = Math.Max(target.LastEventTime, other.LastEventTime);
        target.EventCount += other.EventCount;
        target.PageViews += other.PageViews;
        target.Clicks += other.Clicks;
        target.Conversions += other.Conversions;
        return target;
    }

    public SessionAccumulator GetResult(SessionAccumulator accumulator) => accumulator;
}

namespace Orleans.Analytics.Pipeline;

/// <summary>Stream names of the analytics pipeline.</summary>
public static class AnalyticsStreams
{
    /// <summary>The namespace <c>analytics_events</c> records go to, one stream per partition.</summary>
    public const string Events = "analytics";

    /// <summary>The key grain of <paramref name="job"/> for <paramref name="key"/>.</summary>
    public static string KeyGrainId(string job, string key) => job + "|" + key;
}

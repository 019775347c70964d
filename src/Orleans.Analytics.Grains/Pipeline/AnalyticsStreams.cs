namespace Orleans.Analytics.Pipeline;

/// <summary>Stream names of the analytics pipeline.</summary>
public static class AnalyticsStreams
{
    /// <summary>The namespace <c>analytics_events</c> records go to, one stream per partition.</summary>
    public const string Events = "analytics";

    /// <summary>The key grain of <paramref name="job"/> for <paramref name="key"/>.</summary>
    public static string KeyGrainId(string job, string key) => job + "|" + key;

    /// <summary>The grain of a co-partitioned <paramref name="job"/> holding every key of <paramref name="partition"/>.</summary>
    public static string PartitionGrainId(string job, int partition) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{job}|partition:{partition}");
}

using Orleans.Analytics.Core.Time;

namespace Orleans.Analytics.Core.Windows;

/// <summary>Deterministic Kafka keys for window results, so every revision of a result overwrites the last.</summary>
public static class ResultKeys
{
    /// <summary>The separator between key parts.</summary>
    public const char Separator = '|';

    /// <summary>The result key <c>key|window_start</c>, e.g. <c>page_view|2024-05-01T12:00:00.000Z</c>.</summary>
    /// <param name="key">The grouping key.</param>
    /// <param name="windowStart">The window start in epoch milliseconds.</param>
    /// <returns>The key, identical for every revision of the same window.</returns>
    public static string For(string key, long windowStart)
    {
        ArgumentNullException.ThrowIfNull(key);
        return string.Concat(key, "|", EventTimes.ToIso(windowStart));
    }

    /// <summary>The result key <c>key|window_start</c> for a window.</summary>
    /// <param name="key">The grouping key.</param>
    /// <param name="window">The window.</param>
    /// <returns>The key, identical for every revision of the same window.</returns>
    public static string For(string key, TimeWindow window) => For(key, window.Start);
}

using Orleans.Analytics.Core.Time;

namespace Orleans.Analytics.Core.Windows;

/// <summary>Builds the reason text of a record that is too late, as written to <c>late_events</c>.</summary>
internal static class LateReasons
{
    public static string TooLate(long eventTime, long watermark, long allowedLateness, TimeWindow window) =>
        $"event_time {EventTimes.ToIso(eventTime)} is {EventTimes.FormatDuration(TimeMath.SubtractSaturating(watermark, eventTime))} "
        + $"behind watermark {EventTimes.ToIso(watermark)}, beyond allowed lateness {EventTimes.FormatDuration(allowedLateness)}: "
        + $"window {window} is closed";
}

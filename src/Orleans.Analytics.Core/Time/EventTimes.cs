using System.Globalization;

namespace Orleans.Analytics.Core.Time;

/// <summary>Formatting of epoch-millisecond times and durations for result keys, records and reasons.</summary>
public static class EventTimes
{
    /// <summary>The smallest epoch millisecond a <see cref="DateTimeOffset"/> can hold (0001-01-01T00:00:00Z).</summary>
    public const long MinEpochMilliseconds = -62_135_596_800_000;

    /// <summary>The largest epoch millisecond a <see cref="DateTimeOffset"/> can hold (9999-12-31T23:59:59.999Z).</summary>
    public const long MaxEpochMilliseconds = 253_402_300_799_999;

    /// <summary>
    /// Formats epoch milliseconds as ISO-8601 UTC with millisecond precision, e.g. <c>2024-05-01T12:00:00.000Z</c>.
    /// Values outside the calendar range (such as the initial watermark) format as <c>-infinity</c> or <c>+infinity</c>.
    /// </summary>
    public static string ToIso(long epochMilliseconds)
    {
        if (epochMilliseconds < MinEpochMilliseconds)
        {
            return "-infinity";
        }

        if (epochMilliseconds > MaxEpochMilliseconds)
        {
            return "+infinity";
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds)
            .UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Converts a <see cref="DateTimeOffset"/> to epoch milliseconds.</summary>
    public static long ToEpochMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>Converts epoch milliseconds to a UTC <see cref="DateTimeOffset"/>.</summary>
    public static DateTimeOffset ToDateTimeOffset(long epochMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(epochMilliseconds, MinEpochMilliseconds, MaxEpochMilliseconds));

    /// <summary>Formats a duration in milliseconds as seconds, e.g. <c>12s</c> or <c>0.25s</c>.</summary>
    public static string FormatDuration(long milliseconds)
    {
        if (milliseconds == long.MaxValue)
        {
            return "unbounded";
        }

        return (milliseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture) + "s";
    }
}

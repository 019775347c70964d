using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Orleans.Analytics.Core.Time;

/// <summary>
/// Parses a record's <c>event_time</c>, which may be an ISO-8601 timestamp or epoch milliseconds,
/// given as a JSON string or number, into epoch milliseconds (UTC).
/// </summary>
/// <remarks>
/// Accepted forms: <c>2024-05-01T12:00:00Z</c>, with any number of fraction digits (kept to the millisecond), a <c>Z</c> or <c>±hh:mm</c>
/// offset (no offset means UTC), a space instead of <c>T</c> (Flink SQL's timestamp text); or an integral
/// number of milliseconds since 1970-01-01T00:00:00Z, as a number or as a string of digits. Anything else
/// fails with an error that names the bad value, ready to go to the dead-letter topic as its reason.
/// </remarks>
public static class EventTimeParser
{
    private const int MaxQuotedLength = 64;

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>Parses text holding ISO-8601 or epoch milliseconds.</summary>
    /// <param name="value">The text; surrounding white space is ignored.</param>
    /// <param name="epochMilliseconds">The parsed time in epoch milliseconds.</param>
    /// <param name="error">When parsing fails, a message naming the bad value.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid event time.</returns>
    public static bool TryParse(string? value, out long epochMilliseconds, [NotNullWhen(false)] out string? error) =>
        TryParse(value.AsSpan(), out epochMilliseconds, out error);

    /// <summary>Parses text holding ISO-8601 or epoch milliseconds, without making a string of it unless it is bad.</summary>
    /// <param name="value">The text; surrounding white space is ignored.</param>
    /// <param name="epochMilliseconds">The parsed time in epoch milliseconds.</param>
    /// <param name="error">When parsing fails, a message naming the bad value.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid event time.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, out long epochMilliseconds, [NotNullWhen(false)] out string? error)
    {
        epochMilliseconds = 0;
        if (value.IsWhiteSpace())
        {
            error = "event_time is missing or empty";
            return false;
        }

        var text = value.Trim();
        if (IsInteger(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return TryParse(number, out epochMilliseconds, out error);
            }

            error = $"event_time '{Quote(value)}' is out of range for epoch milliseconds";
            return false;
        }

        if (TryParseIso(text, out var parsed) || TryParseIso(TrimFraction(text), out parsed))
        {
            epochMilliseconds = parsed.ToUnixTimeMilliseconds();
            error = null;
            return true;
        }

        error = $"event_time '{Quote(value)}' is neither ISO-8601 (such as 2024-05-01T12:00:00Z) nor epoch milliseconds";
        return false;
    }

    /// <summary>Validates epoch milliseconds given as a number.</summary>
    /// <param name="value">Milliseconds since 1970-01-01T00:00:00Z.</param>
    /// <param name="epochMilliseconds">The same value when valid.</param>
    /// <param name="error">When out of the calendar range, a message naming the bad value.</param>
    /// <returns><see langword="true"/> when the value is within years 0001 to 9999.</returns>
    public static bool TryParse(long value, out long epochMilliseconds, [NotNullWhen(false)] out string? error)
    {
        epochMilliseconds = value;
        if (value is < EventTimes.MinEpochMilliseconds or > EventTimes.MaxEpochMilliseconds)
        {
            error = $"event_time {value.ToString(CultureInfo.InvariantCulture)} is out of range for epoch milliseconds";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Validates epoch milliseconds given as a floating-point number; it must be integral.</summary>
    /// <param name="value">Milliseconds since 1970-01-01T00:00:00Z.</param>
    /// <param name="epochMilliseconds">The value as a whole number of milliseconds.</param>
    /// <param name="error">When not integral or out of range, a message naming the bad value.</param>
    /// <returns><see langword="true"/> when the value is a whole number within years 0001 to 9999.</returns>
    public static bool TryParse(double value, out long epochMilliseconds, [NotNullWhen(false)] out string? error)
    {
        epochMilliseconds = 0;
        if (!double.IsFinite(value) || Math.Floor(value) != value
            || value < EventTimes.MinEpochMilliseconds || value > EventTimes.MaxEpochMilliseconds)
        {
            error = $"event_time {value.ToString("R", CultureInfo.InvariantCulture)} is not a whole number of epoch milliseconds in range";
            return false;
        }

        return TryParse((long)value, out epochMilliseconds, out error);
    }

    /// <summary>Parses a JSON <c>event_time</c> property: a string (ISO-8601 or digits) or a number.</summary>
    /// <param name="element">The JSON value.</param>
    /// <param name="epochMilliseconds">The parsed time in epoch milliseconds.</param>
    /// <param name="error">When parsing fails, a message naming the bad value.</param>
    /// <returns><see langword="true"/> when the element is a valid event time.</returns>
    public static bool TryParse(JsonElement element, out long epochMilliseconds, [NotNullWhen(false)] out string? error)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return TryParse(element.GetString(), out epochMilliseconds, out error);
            case JsonValueKind.Number when element.TryGetInt64(out var number):
                return TryParse(number, out epochMilliseconds, out error);
            case JsonValueKind.Number when element.TryGetDouble(out var real):
                return TryParse(real, out epochMilliseconds, out error);
            case JsonValueKind.Undefined or JsonValueKind.Null:
                epochMilliseconds = 0;
                error = "event_time is missing or null";
                return false;
            default:
                epochMilliseconds = 0;
                error = $"event_time {Quote(element.GetRawText())} is a JSON {element.ValueKind}, not a string or number";
                return false;
        }
    }

    /// <summary>Parses text holding ISO-8601 or epoch milliseconds, throwing on a bad value.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The time in epoch milliseconds.</returns>
    /// <exception cref="FormatException">The value is not a valid event time; the message names it.</exception>
    public static long Parse(string? value) =>
        TryParse(value, out var result, out var error) ? result : throw new FormatException(error);

    private static bool TryParseIso(ReadOnlySpan<char> text, out DateTimeOffset parsed) =>
        DateTimeOffset.TryParseExact(
            text,
            IsoFormats,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out parsed);

    /// <summary>Cuts a fraction of more than seven digits (nanoseconds from JVM producers) to the seven .NET parses.</summary>
    private static ReadOnlySpan<char> TrimFraction(ReadOnlySpan<char> text)
    {
        var dot = text.IndexOf('.');
        if (dot < 0)
        {
            return text;
        }

        var digits = 0;
        while (dot + 1 + digits < text.Length && char.IsAsciiDigit(text[dot + 1 + digits]))
        {
            digits++;
        }

        return digits <= 7 ? text : string.Concat(text[..(dot + 8)], text[(dot + 1 + digits)..]);
    }

    private static bool IsInteger(ReadOnlySpan<char> text)
    {
        var start = text.Length > 0 && (text[0] == '-' || text[0] == '+') ? 1 : 0;
        if (start == text.Length)
        {
            return false;
        }

        foreach (var c in text[start..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Quote(ReadOnlySpan<char> value) =>
        value.Length <= MaxQuotedLength ? value.ToString() : string.Concat(value[..MaxQuotedLength], "…");
}

using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Orleans.Analytics.Core.Time;

namespace Orleans.Analytics.Cli.Commands;

/// <summary>
/// One line of a replay file, in the format <c>consume</c> prints: <c>KEY&lt;TAB&gt;VALUE</c>, or a VALUE alone for a
/// record without key. The value is a JSON object whose <c>event_time</c> (analytics events) or <c>timestamp</c>
/// (event-processor events), ISO-8601 or epoch milliseconds, says when it happened.
/// </summary>
internal sealed record ReplayLine(string? Key, string Value, long EventTime)
{
    public static readonly string[] TimeFields = ["event_time", "timestamp"];

    public static bool TryParse(string line, [NotNullWhen(true)] out ReplayLine? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        var (key, value) = Split(line);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(value);
        }
        catch (JsonException ex)
        {
            error = $"the value is not JSON ({ex.Message})";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = $"the value is a JSON {root.ValueKind}, not an object";
                return false;
            }

            foreach (var field in TimeFields)
            {
                if (root.TryGetProperty(field, out var time))
                {
                    if (!EventTimeParser.TryParse(time, out var eventTime, out var timeError))
                    {
                        error = field == "event_time" ? timeError : timeError.Replace("event_time", field, StringComparison.Ordinal);
                        return false;
                    }

                    parsed = new ReplayLine(key, value, eventTime);
                    error = null;
                    return true;
                }
            }

            error = "the value has no event_time or timestamp field";
            return false;
        }
    }

    /// <summary>
    /// A line that is JSON as a whole is a value without key (a JSON text may hold tabs between its tokens);
    /// otherwise the first tab separates key and value, an empty key meaning none, as <c>consume</c> prints it.
    /// </summary>
    private static (string? Key, string Value) Split(string line)
    {
        var tab = line.IndexOf('\t', StringComparison.Ordinal);
        if (tab < 0 || IsJson(line))
        {
            return (null, line.Trim());
        }

        return (tab == 0 ? null : line[..tab], line[(tab + 1)..]);
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

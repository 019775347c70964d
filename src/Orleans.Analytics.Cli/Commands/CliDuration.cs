using System.Globalization;
using System.CommandLine.Parsing;

namespace Orleans.Analytics.Cli.Commands;

/// <summary>Durations on the command line: <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c>, or a TimeSpan (<c>00:01:30</c>).</summary>
internal static class CliDuration
{
    private static readonly (string Suffix, double Milliseconds)[] Units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];

    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = default;
        text = text?.Trim() ?? string.Empty;
        foreach (var (suffix, milliseconds) in Units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                duration = TimeSpan.FromMilliseconds(number * milliseconds);
                return Positive(text, duration, out error);
            }
        }

        // A bare number would parse as days ("30" is 30 days), which nobody means; ask for a unit instead.
        if (text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration))
        {
            return Positive(text, duration, out error);
        }

        error = $"'{text}' is not a duration; use e.g. 500ms, 30s, 2m, 1h or 00:01:30.";
        return false;
    }

    /// <summary>A parser for an <c>Option&lt;TimeSpan?&gt;</c> that reports a bad value as a parse error.</summary>
    public static TimeSpan? Parse(ArgumentResult result)
    {
        if (TryParse(result.Tokens.Count > 0 ? result.Tokens[0].Value : null, out var duration, out var error))
        {
            return duration;
        }

        result.AddError(error);
        return null;
    }

    public static string Format(TimeSpan duration) => duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static bool Positive(string text, TimeSpan duration, out string error)
    {
        error = duration > TimeSpan.Zero ? string.Empty : $"'{text}' is not a positive duration.";
        return duration > TimeSpan.Zero;
    }
}

using System.Text.RegularExpressions;

namespace Orleans.Analytics.Deploy.Tests;

/// <summary>The metric names a PromQL expression selects (not its functions, labels, durations or keywords).</summary>
internal static partial class PrometheusQuery
{
    private static readonly HashSet<string> s_keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset",
    };

    public static IReadOnlyList<string> MetricNames(string expression)
    {
        var text = StringLiteral().Replace(expression, "\"\"");
        text = LabelMatchers().Replace(text, " ");
        text = RangeOrSubquery().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        var names = new List<string>();
        foreach (Match match in Identifier().Matches(text))
        {
            var rest = text.AsSpan(match.Index + match.Length).TrimStart();
            var isFunction = rest.Length > 0 && rest[0] == '(';
            if (!isFunction && !s_keywords.Contains(match.Value))
            {
                names.Add(match.Value);
            }
        }

        return names;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangeOrSubquery();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    // Not preceded by a digit or '.', so numbers such as 0.95 or 1e3 are not names.
    [GeneratedRegex(@"(?<![\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}

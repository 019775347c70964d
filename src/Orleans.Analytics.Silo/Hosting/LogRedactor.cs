using System.Text.RegularExpressions;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// Masks secrets in log text. Built-in patterns cover key=value secrets (password, pwd, secret, token, api key,
/// sasl.password, as in connection strings and Kafka client settings), credentials in URLs and Authorization
/// headers. <c>Logging:Redaction:Patterns</c> adds regular expressions: a match is replaced by <c>***</c>, or only
/// its <c>secret</c> group when the pattern has one.
/// </summary>
internal sealed class LogRedactor
{
    public const string Mask = "***";

    private static readonly Regex[] BuiltIn =
    [
        new(@"(?i)\b(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|sasl\.password|ssl\.key\.password)\b\s*[=:]\s*(?<secret>""[^""]*""|'[^']*'|[^;,\s""'&]+)", RegexOptions.Compiled | RegexOptions.CultureInvariant),
        new(@"(?i)\b[a-z][a-z0-9+.-]*://[^:/\s@]+:(?<secret>[^@/\s]+)@", RegexOptions.Compiled | RegexOptions.CultureInvariant),
        new(@"(?i)\bauthorization\s*[:=]\s*(?:basic|bearer)\s+(?<secret>[A-Za-z0-9+/=._~-]+)", RegexOptions.Compiled | RegexOptions.CultureInvariant),
    ];

    private readonly Regex[] _patterns;

    public LogRedactor(IEnumerable<string> extraPatterns)
    {
        var extra = new List<Regex>();
        foreach (var pattern in extraPatterns.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            extra.Add(new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)));
        }

        _patterns = [.. BuiltIn, .. extra];
    }

    /// <summary>Checks the configured patterns; returns one message per pattern that is not a valid expression.</summary>
    public static IEnumerable<string> Validate(IReadOnlyList<string> patterns)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            string? error = null;
            try
            {
                _ = new Regex(patterns[i], RegexOptions.CultureInvariant);
            }
            catch (ArgumentException ex)
            {
                error = ex.Message;
            }

            if (error is not null)
            {
                yield return $"Logging:Redaction:Patterns:{i} is not a valid regular expression: {error}";
            }
        }
    }

    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var pattern in _patterns)
        {
            try
            {
                text = pattern.Replace(text, static match =>
                {
                    var secret = match.Groups["secret"];
                    return secret.Success
                        ? string.Concat(match.Value.AsSpan(0, secret.Index - match.Index), Mask, match.Value.AsSpan(secret.Index - match.Index + secret.Length))
                        : Mask;
                });
            }
            catch (RegexMatchTimeoutException)
            {
                // A pattern too slow for this text must not let the text through unmasked.
                return Mask;
            }
        }

        return text;
    }
}

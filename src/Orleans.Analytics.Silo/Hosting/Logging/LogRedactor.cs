using System.Text.RegularExpressions;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// Masks secrets in log text. Built-in patterns cover key=value secrets (password, pwd, secret, token, api key,
/// shared access key, passphrase, as in connection strings and Kafka client settings such as sasl.password or
/// sasl.oauthbearer.client.secret), PEM private keys, credentials in URLs and Authorization headers. The values of
/// the configured secrets themselves (<see cref="SecretValues"/>) are masked wherever they appear.
/// <c>Logging:Redaction:Patterns</c> adds regular expressions: a match is replaced by <c>***</c>, or only its
/// <c>secret</c> group when the pattern has one.
/// </summary>
internal sealed class LogRedactor
{
    public const string Mask = "***";

    private static readonly Regex[] BuiltIn =
    [
        new(@"(?i)\b(?:password|passwd|pwd|secret|token|passphrase|api[_-]?key|access[_-]?key|shared[_-]?access[_-]?key|sasl\.password|ssl\.key\.password)\b\s*[=:]\s*(?<secret>""[^""]*""|'[^']*'|[^;,\s""'&]+)", RegexOptions.Compiled | RegexOptions.CultureInvariant),
        // A private key (ssl.key.pem, a client certificate's key): the whole block, or all that follows its start.
        new(@"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----|[\s\S]*)", RegexOptions.Compiled | RegexOptions.CultureInvariant),
        new(@"(?i)\b[a-z][a-z0-9+.-]*://[^:/\s@]+:(?<secret>[^@/\s]+)@", RegexOptions.Compiled | RegexOptions.CultureInvariant),
        new(@"(?i)\bauthorization\s*[:=]\s*(?:basic|bearer)\s+(?<secret>[A-Za-z0-9+/=._~-]+)", RegexOptions.Compiled | RegexOptions.CultureInvariant),
    ];

    /// <summary>Configured secrets shorter than this are left to the patterns: masking every "abc" would garble the log.</summary>
    public const int ShortestMaskedValue = 4;

    private readonly Regex[] _patterns;
    private readonly string[] _secrets;

    public LogRedactor(IEnumerable<string> extraPatterns, IEnumerable<string>? secretValues = null)
    {
        var extra = new List<Regex>();
        foreach (var pattern in extraPatterns.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            extra.Add(new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)));
        }

        _patterns = [.. BuiltIn, .. extra];
        _secrets = [.. (secretValues ?? []).Where(v => v.Length >= ShortestMaskedValue).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)];
    }

    /// <summary>
    /// The secrets of <paramref name="configuration"/> whose values are masked wherever they appear: the Kafka
    /// client properties that are secrets (<c>Kafka:ClientProperties:sasl.password</c>, ...) and <c>Http:Auth:Password</c>.
    /// </summary>
    public static IEnumerable<string> SecretValues(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var clientProperties = configuration.GetSection(Kafka.KafkaStreamOptions.Section + ":ClientProperties").GetChildren()
            .Where(p => p.Value is not null)
            .Select(p => new KeyValuePair<string, string>(p.Key, p.Value!));
        var values = Kafka.KafkaClientProperties.SecretValues(clientProperties);
        return configuration["Http:Auth:Password"] is { Length: > 0 } password ? values.Append(password) : values;
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

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
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

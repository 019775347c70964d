using Confluent.Kafka;
using Orleans.Analytics.Kafka.Embedded;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// The librdkafka properties given to every client (<see cref="KafkaStreamOptions.ClientProperties"/>, the command
/// line's <c>--property</c>): which are secrets, and whether librdkafka accepts them, each problem named by its key.
/// </summary>
internal static class KafkaClientProperties
{
    /// <summary>What a secret's value is shown as.</summary>
    public const string Mask = "***";

    // librdkafka's sensitive properties (passwords, client secrets, private keys) and the like-named ones of its
    // plugins: anything ending so is treated as a secret.
    private static readonly string[] SecretEndings = [".password", ".secret", ".passphrase", "key.pem", "_key"];

    // A secret whose name does not say so: it may carry an unsecured token's claims and keys.
    private static readonly HashSet<string> SecretNames = new(StringComparer.OrdinalIgnoreCase) { "sasl.oauthbearer.config" };

    /// <summary>Whether the value of property <paramref name="name"/> is a secret that must never be shown.</summary>
    public static bool IsSecret(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SecretNames.Contains(name) || SecretEndings.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The value of <paramref name="name"/> as it may be shown: secrets as <see cref="Mask"/>.</summary>
    public static string Shown(string name, string value) => IsSecret(name) ? Mask : value;

    /// <summary>The values of the secrets among <paramref name="properties"/>, for masking wherever text might echo them.</summary>
    public static IEnumerable<string> SecretValues(IEnumerable<KeyValuePair<string, string>> properties) =>
        properties.Where(p => IsSecret(p.Key) && !string.IsNullOrEmpty(p.Value)).Select(p => p.Value);

    /// <summary>Replaces every occurrence of a secret of <paramref name="properties"/> in <paramref name="text"/> by <see cref="Mask"/>.</summary>
    public static string Redact(string text, IEnumerable<KeyValuePair<string, string>> properties)
    {
        foreach (var secret in SecretValues(properties).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>
    /// Every property librdkafka refuses (an unknown name, a value it does not accept), then, if each is accepted
    /// on its own, what stops librdkafka from making a client of them together (a missing <c>sasl.username</c>, an
    /// unreadable <c>ssl.ca.location</c>, a SASL mechanism this build lacks). Each problem starts with the
    /// property's key and ends with librdkafka's reason; secrets are masked.
    /// </summary>
    /// <param name="options">The provider's options; their client properties are checked with the settings the provider adds itself.</param>
    /// <param name="keyPrefix">How the properties are configured, such as <c>Kafka:ClientProperties:</c>.</param>
    public static IReadOnlyList<string> Problems(KafkaStreamOptions options, string keyPrefix) =>
        Problems(options, name => keyPrefix + name, keyPrefix.TrimEnd(':', ' '));

    /// <summary>The same, naming each property by <paramref name="keyOf"/> and all of them together as <paramref name="all"/>.</summary>
    public static IReadOnlyList<string> Problems(KafkaStreamOptions options, Func<string, string> keyOf, string all)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keyOf);
        var problems = new List<string>();
        foreach (var (name, value) in options.ClientProperties)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                problems.Add($"{all} have a property without a name.");
            }
            else if (!IsDotnetProperty(name) && LibrdkafkaConf.Check(name, value) is { } reason)
            {
                problems.Add($"{keyOf(name)} is '{Shown(name, value)}': {Redact(reason, options.ClientProperties)}.");
            }
        }

        if (problems.Count == 0 && ClientProblem(options) is { } client)
        {
            problems.Add($"{all} do not make a usable Kafka client: {Redact(client, options.ClientProperties)}.");
        }

        return problems;
    }

    /// <summary>Confluent.Kafka's own settings (<c>dotnet.*</c>), which it keeps from librdkafka.</summary>
    private static bool IsDotnetProperty(string name) => name.StartsWith("dotnet.", StringComparison.Ordinal);

    /// <summary>
    /// Makes a consumer and a producer of the properties, as the provider would but without brokers (so nothing
    /// connects), and returns librdkafka's reason if it cannot.
    /// </summary>
    private static string? ClientProblem(KafkaStreamOptions options)
    {
        var offline = new KafkaStreamOptions { BootstrapServers = string.Empty, StartupMode = options.StartupMode };
        foreach (var (name, value) in options.ClientProperties)
        {
            offline.ClientProperties[name] = value;
        }

        try
        {
            using (new ConsumerBuilder<byte[], byte[]>(KafkaClientConfig.Consumer(offline, "orleans-analytics-configuration-check")).SetLogHandler(static (_, _) => { }).Build())
            {
            }

            using (new ProducerBuilder<byte[], byte[]>(KafkaClientConfig.Producer(offline)).SetLogHandler(static (_, _) => { }).Build())
            {
            }

            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or KafkaException)
        {
            return ex.Message.TrimEnd('.');
        }
    }
}

using System.Collections;
using System.CommandLine;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Cli.Commands;

/// <summary>
/// Where and how the Kafka commands connect, as the silo does: the brokers (<c>--bootstrap-servers</c>, else
/// <c>Kafka__BootstrapServers</c>, else the embedded Kafka of a silo on this machine) and librdkafka's settings for
/// every client (<c>Kafka__ClientProperties__&lt;name&gt;</c> variables, then <c>--property name=value</c>).
/// </summary>
internal sealed class KafkaConnection
{
    /// <summary>The environment variable of the brokers, the silo's <c>Kafka:BootstrapServers</c>.</summary>
    public const string BootstrapServersVariable = "Kafka__BootstrapServers";

    /// <summary>The prefix of the environment variables of the client properties, the silo's <c>Kafka:ClientProperties:</c>.</summary>
    public const string PropertyVariablePrefix = "Kafka__ClientProperties__";

    private const string PropertyOption = "--property";

    private readonly Option<string?> _bootstrapServers = new("--bootstrap-servers")
    {
        Description = $"Kafka brokers (host:port,...); default: {BootstrapServersVariable}, else the embedded Kafka of a local silo.",
    };

    private readonly Option<string[]> _properties = new(PropertyOption)
    {
        Description = "A librdkafka setting for every client, name=value (repeatable), as the silo's Kafka:ClientProperties: "
            + $"security.protocol=SASL_SSL, sasl.mechanism=PLAIN, sasl.username=..., ...; also from {PropertyVariablePrefix}<name> variables.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>The file a local silo writes its embedded Kafka's address to.</summary>
    public static string AddressFile => Path.Combine(Path.GetTempPath(), "orleans-analytics", "embedded-kafka");

    /// <summary>How the security failures name a setting (it may also come from a variable).</summary>
    public static string SettingPrefix => PropertyOption + " ";

    /// <summary>Adds the connection's options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_bootstrapServers);
        command.Options.Add(_properties);
    }

    /// <summary>The provider options to make clients with, or a message saying what is wrong with the given ones.</summary>
    public bool TryResolve(ParseResult result, out KafkaStreamOptions options, out string error)
    {
        ArgumentNullException.ThrowIfNull(result);
        options = new KafkaStreamOptions();
        var problems = new List<string>();
        var fromVariables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in PropertyVariables())
        {
            options.ClientProperties[name] = value;
            fromVariables.Add(name);
        }

        foreach (var property in result.GetValue(_properties) ?? [])
        {
            var equals = property.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add($"{PropertyOption} '{property}' is not name=value, such as security.protocol=SASL_SSL.");
                continue;
            }

            options.ClientProperties[property[..equals].Trim()] = property[(equals + 1)..];
            fromVariables.Remove(property[..equals].Trim());
        }

        if (problems.Count == 0)
        {
            problems.AddRange(KafkaClientProperties.Problems(
                options,
                name => fromVariables.Contains(name) ? PropertyVariablePrefix + name : $"{PropertyOption} {name}",
                $"The Kafka client properties ({PropertyOption}, {PropertyVariablePrefix}*)"));
        }

        if (problems.Count > 0)
        {
            error = string.Join(Environment.NewLine, problems);
            return false;
        }

        if (BootstrapServers(result.GetValue(_bootstrapServers)) is { } servers)
        {
            options.BootstrapServers = servers;
            error = string.Empty;
            return true;
        }

        error = $"No --bootstrap-servers given, no {BootstrapServersVariable} set and no local silo's embedded Kafka found ({AddressFile}); start the silo or pass --bootstrap-servers.";
        return false;
    }

    private static string? BootstrapServers(string? given)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return given;
        }

        if (Environment.GetEnvironmentVariable(BootstrapServersVariable) is { Length: > 0 } variable && !string.IsNullOrWhiteSpace(variable))
        {
            return variable;
        }

        return File.Exists(AddressFile) && File.ReadAllText(AddressFile).Trim() is { Length: > 0 } address ? address : null;
    }

    // The silo's own variables (Kafka__ClientProperties__sasl.mechanism, ...), so that in its container the tool
    // connects as the silo does.
    private static IEnumerable<(string Name, string Value)> PropertyVariables()
    {
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string key && key.StartsWith(PropertyVariablePrefix, StringComparison.OrdinalIgnoreCase) && key.Length > PropertyVariablePrefix.Length)
            {
                yield return (key[PropertyVariablePrefix.Length..], variable.Value as string ?? string.Empty);
            }
        }
    }
}

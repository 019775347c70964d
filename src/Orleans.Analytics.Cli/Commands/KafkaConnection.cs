using System.CommandLine;

namespace Orleans.Analytics.Cli.Commands;

/// <summary>Where the Kafka commands connect: <c>--bootstrap-servers</c>, else the embedded Kafka of a silo on this machine.</summary>
internal static class KafkaConnection
{
    /// <summary>The file a local silo writes its embedded Kafka's address to.</summary>
    public static string AddressFile => Path.Combine(Path.GetTempPath(), "orleans-analytics", "embedded-kafka");

    public static Option<string?> Option() => new("--bootstrap-servers") { Description = "Kafka brokers (host:port,...); default: the embedded Kafka of a local silo." };

    /// <summary>The brokers to use, or an error message saying how to get some.</summary>
    public static bool TryResolve(string? given, out string bootstrapServers, out string error)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            bootstrapServers = given;
            error = string.Empty;
            return true;
        }

        if (File.Exists(AddressFile) && File.ReadAllText(AddressFile).Trim() is { Length: > 0 } address)
        {
            bootstrapServers = address;
            error = string.Empty;
            return true;
        }

        bootstrapServers = string.Empty;
        error = $"No --bootstrap-servers given and no local silo's embedded Kafka found ({AddressFile}); start the silo or pass --bootstrap-servers.";
        return false;
    }
}

using System.Text.Json;

namespace Orleans.Analytics.Deploy.Tests;

/// <summary>What the silo's appsettings.json configures, for checks that the deployments agree with it.</summary>
internal static class SiloSettingsFile
{
    public const string Path = "src/Orleans.Analytics.Silo/appsettings.json";

    /// <summary>Every topic the silo reads or writes by default: Kafka:Topics:*, the event processor's, Tda:Topics:*.</summary>
    public static IReadOnlyList<string> Topics()
    {
        using var document = JsonDocument.Parse(Repository.ReadText(Path));
        var root = document.RootElement;
        var topics = new List<string>();
        topics.AddRange(root.GetProperty("Kafka").GetProperty("Topics").EnumerateObject().Select(p => p.Value.GetString()!));
        var processor = root.GetProperty("Jobs").GetProperty("EventProcessor");
        topics.AddRange(new[] { "InputTopic", "OutputTopic", "ErrorTopic" }.Select(name => processor.GetProperty(name).GetString()!));
        topics.AddRange(root.GetProperty("Tda").GetProperty("Topics").EnumerateObject().Select(p => p.Value.GetString()!));
        return topics;
    }
}

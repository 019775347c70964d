using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Jobs.EventProcessing;
using Orleans.Analytics.Jobs.Tda;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Silo.Hosting;
using Orleans.Configuration;

namespace Orleans.Analytics.EndToEnd.Tests;

/// <summary>
/// Walks the README's configuration table: every key it lists is set to a value of its own, and the silo it builds
/// must hold that value in each options object that reads the key (or show its effect, for the switches).
/// </summary>
public sealed partial class ConfigurationTableTests
{
    private const string ClientPropertyName = "client.id";

    // A value per README key, none of them its default. A key added to the README needs one here.
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["Kafka:BootstrapServers"] = "127.0.0.1:19092",
        ["Kafka:ConsumerGroup"] = "table-group",
        ["Kafka:StartupMode"] = "Latest",
        ["Kafka:Partitions"] = "7",
        ["Kafka:CommitInterval"] = "00:00:02",
        ["Kafka:MetadataTimeout"] = "00:00:31",
        ["Kafka:ClientProperties:" + ClientPropertyName] = "table-client",
        ["Kafka:ReplicationFactor"] = "3",
        ["Kafka:CreateMissingTopics"] = "false",
        ["Kafka:MetadataRefreshInterval"] = "00:02:00",
        ["Kafka:PartitionBufferSize"] = "5000",
        ["Kafka:CacheSize"] = "4096",
        ["Kafka:EmbeddedBrokers"] = "2",
        ["Kafka:Topics:Events"] = "table-events",
        ["Kafka:Topics:EventMetrics"] = "table-event-metrics",
        ["Kafka:Topics:SessionMetrics"] = "table-sessions",
        ["Kafka:Topics:PerformanceMetrics"] = "table-performance",
        ["Kafka:Topics:ProcessingMetrics"] = "table-processing",
        ["Kafka:Topics:LateEvents"] = "table-late",
        ["Kafka:Topics:DeadLetters"] = "table-dead",
        ["Processing:TimeMode"] = "ProcessingTime",
        ["Processing:WatermarkDelay"] = "00:00:11",
        ["Processing:IdleTimeout"] = "00:00:06",
        ["Processing:AllowedLateness"] = "00:00:01",
        ["Processing:MetricsWindowSize"] = "00:02:00",
        ["Processing:PerformanceWindowSize"] = "00:10:00",
        ["Processing:SessionGap"] = "00:20:00",
        ["Processing:SessionMaxDuration"] = "06:00:00",
        ["Processing:AllowedEventTypes"] = "click",
        ["Processing:MiniBatch:Enabled"] = "false",
        ["Processing:MiniBatch:Size"] = "500",
        ["Processing:MiniBatch:Latency"] = "00:00:03",
        ["Processing:CheckpointInterval"] = "00:00:45",
        ["Processing:GroupCommitDelay"] = "00:00:00.010",
        ["Processing:TimerInterval"] = "00:00:02",
        ["Processing:RecoveryInterval"] = "00:02:00",
        ["Jobs:Analytics:Enabled"] = "false",
        ["Tda:Enabled"] = "false",
        ["Tda:Window:Type"] = "Sliding",
        ["Tda:Window:Size"] = "00:02:00",
        ["Tda:Window:Slide"] = "00:00:20",
        ["Tda:Window:Gap"] = "00:01:00",
        ["Tda:Window:Count"] = "50",
        ["Tda:Window:TimeMode"] = "EventTime",
        ["Tda:Algorithms:VietorisRips:MaxEdgeLength"] = "1.5",
        ["Tda:Algorithms:VietorisRips:MaxDimension"] = "1",
        ["Tda:Algorithms:VietorisRips:NumThreads"] = "1",
        ["Tda:Algorithms:AlphaComplex:MaxAlphaValue"] = "0.5",
        ["Tda:Algorithms:AlphaComplex:MaxDimension"] = "1",
        ["Tda:MaxPoints"] = "5000",
        ["Tda:Timeout"] = "00:00:20",
        ["Tda:MemoryLimitMb"] = "256",
        ["Tda:Topics:Events"] = "table-tda-events",
        ["Tda:Topics:Jobs"] = "table-tda-jobs",
        ["Tda:Topics:Results"] = "table-tda-results",
        ["Tda:Topics:Monitoring"] = "table-tda-monitoring",
        ["Jobs:EventProcessor:InputTopic"] = "table-in",
        ["Jobs:EventProcessor:OutputTopic"] = "table-out",
        ["Jobs:EventProcessor:ErrorTopic"] = "table-errors",
        ["Jobs:EventProcessor:ConsumerGroup"] = "table-processor",
        ["Jobs:EventProcessor:Enabled"] = "false",
        ["Orleans:ClusterId"] = "table-cluster",
        ["Orleans:ServiceId"] = "table-service",
        ["Orleans:Clustering"] = "Localhost",
        ["Orleans:SiloPort"] = "11222",
        ["Orleans:GatewayPort"] = "30222",
        ["Demo:Enabled"] = "true",
        ["Demo:EventsPerSecond"] = "25",
        ["Urls"] = "http://127.0.0.1:18123",
        ["Http:Auth:Password"] = "table-pass",
        ["Http:Auth:Username"] = "operator",
        ["Http:Auth:ProtectMetrics"] = "true",
        ["Logging:Format"] = "Json",
        ["Logging:Redaction:Patterns"] = "table-[0-9]+",
    };

    // Switches that turn a whole job off: set one at a time, as a silo with all of them off would read nothing.
    private static readonly string[] JobSwitches = ["Jobs:Analytics:Enabled", "Tda:Enabled", "Jobs:EventProcessor:Enabled"];

    [Fact]
    public void The_readme_lists_the_keys_this_test_knows()
    {
        var keys = ReadmeKeys();

        keys.Count.ShouldBeGreaterThan(60);
        keys.Where(k => !Values.ContainsKey(k)).ShouldBeEmpty("README keys without a value in this test");
        Values.Keys.Where(k => !keys.Contains(k)).ShouldBeEmpty("values in this test for keys the README does not list");
    }

    [Fact]
    public async Task Every_key_of_the_readmes_table_is_bound_to_the_options_that_read_it()
    {
        await using var app = Build(JobSwitches.ToDictionary(s => s, _ => "true"));
        var services = app.Services;
        var misses = new List<string>();
        foreach (var key in ReadmeKeys().Where(k => !JobSwitches.Contains(k)))
        {
            var owners = Owners(services).Where(o => key.StartsWith(o.Section + ":", StringComparison.Ordinal) || key == o.Section).ToList();
            var found = 0;
            foreach (var (section, instance) in owners)
            {
                var path = key.Length > section.Length ? key[(section.Length + 1)..] : string.Empty;
                if (Walk(instance, path) is not { } value)
                {
                    continue;
                }

                found++;
                if (!Holds(value.Value, value.Type, Values[key]))
                {
                    misses.Add($"{key}: {instance.GetType().Name} holds '{Describe(value.Value)}', not '{Values[key]}'");
                }
            }

            if (found == 0 && !Effect(key, app))
            {
                misses.Add($"{key}: no options object holds it and it had no effect");
            }
        }

        misses.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Jobs:Analytics:Enabled", "table-events")]
    [InlineData("Tda:Enabled", "table-tda-events")]
    [InlineData("Jobs:EventProcessor:Enabled", "table-in")]
    public async Task A_job_switched_off_gives_the_provider_none_of_its_topics(string key, string sourceTopic)
    {
        await using (var on = Build(JobSwitches.ToDictionary(s => s, _ => "true")))
        {
            Provider(on.Services).Topics.Select(t => t.Name).ShouldContain(sourceTopic);
        }

        var switches = JobSwitches.ToDictionary(s => s, _ => "true");
        switches[key] = "false";
        await using var off = Build(switches);
        Provider(off.Services).Topics.Select(t => t.Name).ShouldNotContain(sourceTopic);
    }

    private static WebApplication Build(Dictionary<string, string> switches)
    {
        var values = new Dictionary<string, string?>();
        foreach (var (key, value) in Values)
        {
            // Lists take their items by index; the client properties by their librdkafka names (given in the key).
            values[key is "Processing:AllowedEventTypes" or "Logging:Redaction:Patterns" ? key + ":0" : key] = value;
        }

        foreach (var (key, value) in switches)
        {
            values[key] = value;
        }

        return AnalyticsSilo.Build([], configuration => configuration.AddInMemoryCollection(values));
    }

    /// <summary>The options objects the silo reads each section into.</summary>
    private static IEnumerable<(string Section, object Instance)> Owners(IServiceProvider services)
    {
        var settings = services.GetRequiredService<SiloSettings>();
        yield return ("Kafka", Provider(services));
        yield return ("Kafka", settings.Kafka);
        yield return ("Kafka:Topics", services.GetRequiredService<IOptions<AnalyticsTopics>>().Value);
        yield return ("Processing", services.GetRequiredService<IOptions<ProcessingOptions>>().Value);
        yield return ("Tda", services.GetRequiredService<IOptions<TdaOptions>>().Value);
        yield return ("Tda:Topics", services.GetRequiredService<IOptions<TdaTopics>>().Value);
        yield return ("Jobs:EventProcessor", services.GetRequiredService<IOptions<EventProcessorOptions>>().Value);
        yield return ("Orleans", services.GetRequiredService<IOptions<ClusterOptions>>().Value);
        yield return ("Orleans", services.GetRequiredService<IOptions<EndpointOptions>>().Value);
        yield return ("Orleans", settings.Orleans);
        yield return ("Demo", settings.Demo);
        yield return ("Http:Auth", services.GetRequiredService<HttpAuthSettings>());
    }

    private static KafkaStreamOptions Provider(IServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(AnalyticsSilo.StreamProvider);

    /// <summary>For the keys no options object holds as such: what they must have done to the built silo.</summary>
    private static bool Effect(string key, WebApplication app) => key switch
    {
        "Urls" => app.Configuration[WebHostDefaults.ServerUrlsKey] == Values[key],
        "Demo:Enabled" => app.Services.GetServices<IHostedService>().Any(s => s.GetType().Name == "DemoEventGenerator"),
        "Logging:Format" or "Logging:Redaction:Patterns" => LogsJsonAndMasksThePattern(app.Services),
        _ => false,
    };

    private static bool LogsJsonAndMasksThePattern(IServiceProvider services)
    {
        var formatter = services.GetServices<ConsoleFormatter>().Single(f => f.Name == RedactingConsoleFormatter.FormatterName);
        using var writer = new StringWriter();
        formatter.Write(new LogEntry<string>(LogLevel.Information, "test", new EventId(1), "table-4711 was here", null, (s, _) => s), null, writer);
        using var line = JsonDocument.Parse(writer.ToString());
        return line.RootElement.GetProperty("message").GetString() == "*** was here";
    }

    /// <summary>
    /// The value at a configuration path under <paramref name="instance"/>: property names, or their configuration
    /// key names (which may span segments, as <c>Topics:DeadLetters</c> does), and dictionary keys.
    /// </summary>
    private static (object? Value, Type Type)? Walk(object instance, string path)
    {
        object? current = instance;
        var type = instance.GetType();
        var segments = path.Split(':');
        var i = 0;
        while (i < segments.Length)
        {
            if (current is IDictionary<string, string> dictionary)
            {
                return dictionary.TryGetValue(string.Join(':', segments[i..]), out var entry) ? (entry, typeof(string)) : null;
            }

            var (property, used) = PropertyFor(type, segments[i..]);
            if (property is null)
            {
                return null;
            }

            current = current is null ? null : property.GetValue(current);
            type = property.PropertyType;
            i += used;
        }

        return (current, type);
    }

    // The property whose key is the longest run of the next segments.
    private static (PropertyInfo? Property, int Segments) PropertyFor(Type type, string[] segments)
    {
        for (var count = segments.Length; count > 0; count--)
        {
            var key = string.Join(':', segments[..count]);
            var property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p =>
                string.Equals(p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name, key, StringComparison.OrdinalIgnoreCase));
            if (property is not null)
            {
                return (property, count);
            }
        }

        return (null, 0);
    }

    private static bool Holds(object? value, Type type, string configured)
    {
        if (value is IEnumerable<string> items && value is not string)
        {
            return items.SequenceEqual([configured]);
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        var expected = target.IsEnum
            ? Enum.Parse(target, configured, ignoreCase: true)
            : TypeDescriptor.GetConverter(target).ConvertFromInvariantString(configured);
        return Equals(value, expected);
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string text => text,
        IEnumerable<string> items => string.Join(", ", items),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>The keys of the README's configuration table, with its short forms expanded.</summary>
    private static List<string> ReadmeKeys()
    {
        var readme = File.ReadAllText(Path.Combine(SiloProcess.RepositoryRoot(), "README.md"));
        var table = readme[readme.IndexOf("\n## Configuration", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n### ", StringComparison.Ordinal)];
        using var appsettings = JsonDocument.Parse(File.ReadAllText(Path.Combine(SiloProcess.RepositoryRoot(), "src", "Orleans.Analytics.Silo", "appsettings.json")));
        var keys = new List<string>();
        foreach (var row in table.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var firstCell = row[1..row.IndexOf(" |", 1, StringComparison.Ordinal)];
            string? previous = null;
            foreach (Match code in Code().Matches(firstCell))
            {
                var item = code.Groups[1].Value;
                if (item.StartsWith("--", StringComparison.Ordinal) || EnvironmentVariable().IsMatch(item))
                {
                    // A command-line switch or an environment variable of the same setting (HttpAddressTests, the seed's switches).
                    continue;
                }

                var key = item.StartsWith(':') ? previous![..previous!.LastIndexOf(':')] + item : item;
                previous = key;
                if (key.EndsWith(":*", StringComparison.Ordinal))
                {
                    keys.AddRange(Leaves(appsettings.RootElement, key[..^2]));
                }
                else
                {
                    keys.Add(key.Replace("<librdkafka name>", ClientPropertyName, StringComparison.Ordinal));
                }
            }
        }

        return keys;
    }

    /// <summary>The leaf keys under <paramref name="section"/> in appsettings.json (the README's "see appsettings.json").</summary>
    private static IEnumerable<string> Leaves(JsonElement root, string section)
    {
        var element = section.Split(':').Aggregate(root, (e, name) => e.GetProperty(name));
        return Flatten(element, section);

        static IEnumerable<string> Flatten(JsonElement element, string path) =>
            element.ValueKind == JsonValueKind.Object
                ? element.EnumerateObject().SelectMany(p => Flatten(p.Value, $"{path}:{p.Name}"))
                : [path];
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex("^[A-Z][A-Z0-9]*_[A-Z0-9_]+$")]
    private static partial Regex EnvironmentVariable();
}

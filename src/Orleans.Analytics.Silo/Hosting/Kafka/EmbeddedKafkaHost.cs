using Microsoft.Extensions.Options;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Kafka.Embedded;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// The embedded Kafka of a silo run without <c>Kafka:BootstrapServers</c>: started before the silo is built (its
/// address becomes <c>Kafka:BootstrapServers</c>), given every topic the provider reads or writes before the silo
/// starts, and announced in the log and in a file the command line tool finds.
/// </summary>
internal sealed partial class EmbeddedKafkaHost(EmbeddedKafkaCluster cluster, IOptionsMonitor<KafkaStreamOptions> options, ILogger<EmbeddedKafkaHost> logger) : IHostedService, IDisposable
{
    /// <summary>Where a local silo writes its embedded Kafka's bootstrap address.</summary>
    public static string AddressFile => Path.Combine(Path.GetTempPath(), "orleans-analytics", "embedded-kafka");

    public static EmbeddedKafkaCluster Start(SiloSettings settings) => EmbeddedKafkaCluster.Start(settings.Kafka.EmbeddedBrokers);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The topics the provider would create itself, with the same partitions: the embedded Kafka does not serve
        // the admin API's CreateTopics request, and would otherwise create them with its own default of 4.
        var provider = options.Get(AnalyticsSilo.StreamProvider);
        var topics = provider.TopicsToCreate().DistinctBy(t => t.Topic).ToList();
        foreach (var (topic, partitions) in topics)
        {
            cluster.CreateTopic(topic, partitions, provider.ReplicationFactor is KafkaStreamOptions.BrokerDefaultReplicationFactor ? 1 : provider.ReplicationFactor);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(AddressFile)!);
        File.WriteAllText(AddressFile, cluster.BootstrapServers);
        LogStarted(cluster.BootstrapServers, string.Join(", ", topics.Select(t => t.Topic)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        try
        {
            if (File.Exists(AddressFile) && File.ReadAllText(AddressFile) == cluster.BootstrapServers)
            {
                File.Delete(AddressFile);
            }
        }
        catch (IOException)
        {
            // Another silo may own the file now; leaving it is harmless.
        }

        cluster.Dispose();
    }

    [LoggerMessage(1, LogLevel.Information, "Embedded Kafka listening at {BootstrapServers} with topics {Topics}. Read results with: kcat -b {BootstrapServers} -C -t output-results")]
    private partial void LogStarted(string bootstrapServers, string topics);
}

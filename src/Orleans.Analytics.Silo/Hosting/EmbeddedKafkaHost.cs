using Orleans.Analytics.Kafka.Embedded;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// The embedded Kafka of a silo run without <c>Kafka:BootstrapServers</c>: started before the silo, with every
/// configured topic created, announced in the log and in a file the command line tool finds.
/// </summary>
internal sealed partial class EmbeddedKafkaHost(EmbeddedKafkaCluster cluster, IReadOnlyList<string> topics, ILogger<EmbeddedKafkaHost> logger) : IHostedService, IDisposable
{
    /// <summary>Where a local silo writes its embedded Kafka's bootstrap address.</summary>
    public static string AddressFile => Path.Combine(Path.GetTempPath(), "orleans-analytics", "embedded-kafka");

    public static EmbeddedKafkaCluster Start(SiloSettings settings)
    {
        var cluster = EmbeddedKafkaCluster.Start(settings.Kafka.EmbeddedBrokers);
        foreach (var topic in settings.AllTopics())
        {
            cluster.CreateTopic(topic, settings.Kafka.Partitions);
        }

        return cluster;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(AddressFile)!);
        File.WriteAllText(AddressFile, cluster.BootstrapServers);
        LogStarted(cluster.BootstrapServers, string.Join(", ", topics));
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

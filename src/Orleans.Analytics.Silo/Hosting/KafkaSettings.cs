namespace Orleans.Analytics.Silo.Hosting;

/// <summary>The <c>Kafka</c> configuration section of the silo.</summary>
internal sealed class KafkaSettings
{
    public const string Section = "Kafka";

    /// <summary>Brokers; empty starts the embedded Kafka.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    public string ConsumerGroup { get; set; } = "orleans-analytics";

    public Kafka.KafkaStartupMode StartupMode { get; set; } = Kafka.KafkaStartupMode.Earliest;

    /// <summary>Partitions of topics the silo creates (all of them on the embedded Kafka). Default 4.</summary>
    public int Partitions { get; set; } = 4;

    /// <summary>Brokers of the embedded Kafka. Default 1.</summary>
    public int EmbeddedBrokers { get; set; } = 1;

    /// <summary>How long start-up waits for Kafka's metadata before giving up with a clear message. Default 30 s.</summary>
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often completed offsets are committed. Default 1 s.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The analytics topics (<c>Kafka:Topics:*</c>).</summary>
    public Jobs.AnalyticsTopics Topics { get; set; } = new();
}

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// The silo's own keys of the <c>Kafka</c> section. The provider's keys (<c>Kafka:BootstrapServers</c>,
/// <c>Kafka:ClientProperties:*</c>, <c>Kafka:Partitions</c>, ...) bind to <see cref="Kafka.KafkaStreamOptions"/>.
/// </summary>
internal sealed class KafkaSettings
{
    public const string Section = "Kafka";

    /// <summary>Brokers of the embedded Kafka, started when <c>Kafka:BootstrapServers</c> is empty. Default 1.</summary>
    public int EmbeddedBrokers { get; set; } = 1;

    /// <summary>The analytics topics (<c>Kafka:Topics:*</c>).</summary>
    public Jobs.AnalyticsTopics Topics { get; set; } = new();
}

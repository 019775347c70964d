namespace Orleans.Analytics.Kafka;

/// <summary>
/// Options of a Kafka stream provider (configuration section <c>Kafka</c> in the silo).
/// </summary>
public sealed class KafkaStreamOptions
{
    /// <summary>The <c>host:port</c> list of the Kafka brokers. Required.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>The consumer group whose committed offsets record how far the provider has durably got. Default <c>orleans-analytics</c>.</summary>
    public string ConsumerGroup { get; set; } = "orleans-analytics";

    /// <summary>Where a partition with no committed offset starts. Default <see cref="KafkaStartupMode.Earliest"/>.</summary>
    public KafkaStartupMode StartupMode { get; set; } = KafkaStartupMode.Earliest;

    /// <summary>The source topics, each read as one Orleans queue per partition.</summary>
    public IList<KafkaSourceTopic> Topics { get; } = [];

    /// <summary>Topics results are written to; created at start when missing, so a first result does not wait for auto-creation.</summary>
    public IList<string> SinkTopics { get; } = [];

    /// <summary>Topic that receives records that could not be mapped to a stream event. Default <c>dead_letters</c>.</summary>
    public string DeadLetterTopic { get; set; } = "dead_letters";

    /// <summary>Partitions given to topics this provider creates because they are missing. Default 4.</summary>
    public int DefaultPartitions { get; set; } = 4;

    /// <summary>Replication factor of topics this provider creates. Default 1.</summary>
    public short ReplicationFactor { get; set; } = 1;

    /// <summary>Whether missing topics (sources, sinks, the dead-letter topic) are created at start. Default true.</summary>
    public bool CreateMissingTopics { get; set; } = true;

    /// <summary>How often completed offsets are committed to the consumer group. Default 1 s.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Records held per partition between Kafka and the Orleans queue cache before the partition is paused. Default
    /// 10,000. Not much smaller: pausing a partition makes librdkafka drop what it prefetched for it and fetch it
    /// again on resume, so a small buffer that pauses often costs more than the memory it saves (at 2,000 the
    /// provider benchmark ran 3.5 times slower).
    /// </summary>
    public int PartitionBufferSize { get; set; } = 10_000;

    /// <summary>Records held per queue in the Orleans cache, read but not yet delivered; past this the queue stops reading (back-pressure). Default 8,192.</summary>
    public int CacheSize { get; set; } = 8_192;

    /// <summary>Records of one stream gathered into one delivery when they arrive together. Default 256.</summary>
    public int MaxEventsPerDelivery { get; set; } = 256;

    /// <summary>Timeout of metadata and admin requests made at start. Default 30 s.</summary>
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra librdkafka properties for every client (for example <c>security.protocol</c>); secrets belong here and are never logged.</summary>
    public IDictionary<string, string> ClientProperties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

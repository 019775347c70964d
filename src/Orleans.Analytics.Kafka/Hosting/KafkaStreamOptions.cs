using Microsoft.Extensions.Configuration;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// Options of a Kafka stream provider, bound from the configuration section <see cref="Section"/> (<c>Kafka</c>) by
/// <see cref="SiloKafkaStreamConfigurator.BindConfiguration"/>: each property's key is its name unless noted.
/// </summary>
public sealed class KafkaStreamOptions
{
    /// <summary>The configuration section the silo binds these options from.</summary>
    public const string Section = "Kafka";

    /// <summary>The <c>host:port</c> list of the Kafka brokers. Required.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>The consumer group whose committed offsets record how far the provider has durably got. Default <c>orleans-analytics</c>.</summary>
    public string ConsumerGroup { get; set; } = "orleans-analytics";

    /// <summary>
    /// Where a partition with no committed offset starts. Default <see cref="KafkaStartupMode.Earliest"/>. A partition
    /// added to a topic while the silo runs starts at its beginning whatever this says.
    /// </summary>
    public KafkaStartupMode StartupMode { get; set; } = KafkaStartupMode.Earliest;

    /// <summary>
    /// The source topics, each read as one Orleans queue per partition. Key <c>SourceTopics</c> (the silo's
    /// <c>Kafka:Topics</c> section names its jobs' topics, which the jobs add here themselves).
    /// </summary>
    [ConfigurationKeyName("SourceTopics")]
    public IList<KafkaSourceTopic> Topics { get; } = [];

    /// <summary>Topics results are written to; created at start when missing, so a first result does not wait for auto-creation.</summary>
    public IList<string> SinkTopics { get; } = [];

    /// <summary>Topic that receives records that could not be mapped to a stream event. Key <c>Topics:DeadLetters</c>. Default <c>dead_letters</c>.</summary>
    [ConfigurationKeyName("Topics:DeadLetters")]
    public string DeadLetterTopic { get; set; } = "dead_letters";

    /// <summary>Partitions given to topics this provider creates because they are missing. Key <c>Partitions</c>. Default 4.</summary>
    [ConfigurationKeyName("Partitions")]
    public int DefaultPartitions { get; set; } = 4;

    /// <summary>
    /// Replication factor of topics this provider creates. Default <see cref="BrokerDefaultReplicationFactor"/> (-1):
    /// the broker's <c>default.replication.factor</c>.
    /// </summary>
    public short ReplicationFactor { get; set; } = BrokerDefaultReplicationFactor;

    /// <summary>The <see cref="ReplicationFactor"/> that leaves the choice to the broker.</summary>
    public const short BrokerDefaultReplicationFactor = -1;

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

    /// <summary>
    /// Timeout of metadata and admin requests made at start: the longest start-up waits for Kafka before it stops
    /// with a message naming the problem. Default 30 s.
    /// </summary>
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the source topics' metadata is read again, to find partitions added while the silo runs. Default 1 min.</summary>
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// librdkafka properties given to every client the provider makes (consumers, the producer, admin clients), by
    /// their librdkafka names: <c>security.protocol</c>, <c>sasl.mechanism</c>, <c>ssl.ca.location</c>, tuning.
    /// Key <c>ClientProperties:&lt;name&gt;</c>. Default none. Secrets belong here (<c>sasl.password</c>,
    /// <c>ssl.key.password</c>, <c>ssl.key.pem</c>, ...): their values never appear in a log line or an error message.
    /// </summary>
    public IDictionary<string, string> ClientProperties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Every topic the provider reads or writes, with the partitions it is created with when missing.</summary>
    public IReadOnlyList<(string Topic, int Partitions)> TopicsToCreate() =>
    [
        .. Topics.Select(t => (t.Name, t.Partitions ?? DefaultPartitions)),
        (DeadLetterTopic, DefaultPartitions),
        .. SinkTopics.Select(t => (t, DefaultPartitions)),
    ];
}

namespace Orleans.Analytics.Kafka;

/// <summary>A topic read by the provider, and how its records become stream events.</summary>
public sealed class KafkaSourceTopic
{
    /// <summary>The Kafka topic name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The stream namespace its records go to. Default: the topic name.</summary>
    public string? StreamNamespace { get; set; }

    /// <summary>Which part of a record becomes the stream key. Default <see cref="StreamKeySource.RecordKey"/>.</summary>
    public StreamKeySource KeySource { get; set; } = StreamKeySource.RecordKey;

    /// <summary>What a record's value must be to become an event. Default <see cref="RecordFormat.Json"/>.</summary>
    public RecordFormat Format { get; set; } = RecordFormat.Json;

    /// <summary>The consumer group that commits this topic's offsets. Default: <see cref="KafkaStreamOptions.ConsumerGroup"/>.</summary>
    public string? ConsumerGroup { get; set; }

    /// <summary>Partitions to create the topic with when it is missing. Default: <see cref="KafkaStreamOptions.DefaultPartitions"/>.</summary>
    public int? Partitions { get; set; }

    /// <summary>A custom mapping from record to stream event; when set, it replaces <see cref="KeySource"/> and <see cref="Format"/>.</summary>
    public IKafkaRecordMapper? Mapper { get; set; }

    /// <summary>
    /// Processes the partition's records as they are read (parse, route, pre-aggregate) instead of mapping each to one
    /// event; when set, it replaces <see cref="Mapper"/>, <see cref="KeySource"/> and <see cref="Format"/>.
    /// </summary>
    public IKafkaPartitionProcessorFactory? Processor { get; set; }

    /// <summary>
    /// Reads the topic with checkpoints: offsets are committed once consumers acknowledged a <see cref="KafkaCheckpoint"/>
    /// (made their state durable), not when items are delivered. Null (the default) commits what was delivered.
    /// </summary>
    public KafkaCheckpointOptions? Checkpoints { get; set; }

    internal string Namespace => string.IsNullOrEmpty(StreamNamespace) ? Name : StreamNamespace;
}

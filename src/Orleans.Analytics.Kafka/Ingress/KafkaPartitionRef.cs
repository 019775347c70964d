namespace Orleans.Analytics.Kafka;

/// <summary>A partition of a source topic, as an Orleans queue stands for it.</summary>
internal readonly record struct KafkaPartitionRef(KafkaSourceTopic Topic, int Partition);

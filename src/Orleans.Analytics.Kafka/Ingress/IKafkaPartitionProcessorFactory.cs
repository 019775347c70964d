namespace Orleans.Analytics.Kafka;

/// <summary>Makes the <see cref="IKafkaPartitionProcessor"/> of each partition a silo reads.</summary>
public interface IKafkaPartitionProcessorFactory
{
    /// <summary>The processor of <paramref name="partition"/> of <paramref name="topic"/>, with the silo's services.</summary>
    IKafkaPartitionProcessor Create(IServiceProvider services, KafkaSourceTopic topic, int partition);
}

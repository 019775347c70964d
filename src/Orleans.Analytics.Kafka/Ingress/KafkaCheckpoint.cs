namespace Orleans.Analytics.Kafka;

/// <summary>
/// A checkpoint barrier on a stream of a checkpointed topic: the consumer has received every item the partition's
/// reader emitted for it up to <see cref="Offset"/>. The consumer completes its delivery only once the state those
/// items changed is durable; the offset is committed once every such stream's barrier is delivered.
/// </summary>
/// <param name="Partition">The source partition.</param>
/// <param name="Offset">The last offset the checkpoint covers.</param>
/// <param name="Generation">The reader generation (see <see cref="KafkaPartitionStart.Generation"/>).</param>
[GenerateSerializer, Immutable, Alias("orleans-analytics.kafka-checkpoint")]
public sealed record KafkaCheckpoint(
    [property: Id(0)] int Partition,
    [property: Id(1)] long Offset,
    [property: Id(2)] long Generation);

namespace Orleans.Analytics.Kafka;

/// <summary>Writes result records to Kafka and reports when they are durable.</summary>
public interface IKafkaSink
{
    /// <summary>Produces <paramref name="record"/>; completes when the brokers acknowledged it.</summary>
    /// <exception cref="KafkaSinkException">The record could not be delivered.</exception>
    Task ProduceAsync(SinkRecord record, CancellationToken cancellationToken = default);

    /// <summary>Produces all <paramref name="records"/> at once (they are pipelined); completes when every one was acknowledged.</summary>
    /// <exception cref="KafkaSinkException">At least one record could not be delivered; it names the first.</exception>
    Task ProduceAllAsync(IReadOnlyList<SinkRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Produces <paramref name="record"/> to <paramref name="partition"/> of its topic; completes with the offset it was written at.</summary>
    /// <exception cref="KafkaSinkException">The record could not be delivered.</exception>
    Task<long> ProduceToPartitionAsync(SinkRecord record, int partition, CancellationToken cancellationToken = default);
}

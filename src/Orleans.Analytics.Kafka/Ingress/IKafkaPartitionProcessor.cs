namespace Orleans.Analytics.Kafka;

/// <summary>
/// Turns the records of one partition into stream items: the provider's extension point for consumers that parse,
/// route or pre-aggregate as records are read (before anything is delivered), instead of receiving every record
/// as a <see cref="KafkaRecord"/>. The provider makes one instance per partition reader and calls it one call at a
/// time, on the reader's turn; <see cref="Process"/> must not block or do I/O.
/// </summary>
/// <remarks>
/// <para>What the provider guarantees the processor: records arrive in offset order, each once per read; after
/// <see cref="StartAsync"/> (at start and after every rewind) they arrive again from <see cref="KafkaPartitionStart.Position"/>.
/// Items emitted for records are delivered to their streams in emission order per stream.</para>
/// <para>On a topic read with checkpoints (<see cref="KafkaSourceTopic.Checkpoints"/>), an offset is committed only
/// once a <see cref="KafkaCheckpoint"/> after it has been delivered to every stream that received items since the
/// previous checkpoint: consumers complete a checkpoint's delivery once the state it covers is durable.</para>
/// </remarks>
public interface IKafkaPartitionProcessor
{
    /// <summary>The reader starts (or restarts after a rewind) at <paramref name="start"/>; anything buffered is dropped.</summary>
    ValueTask StartAsync(KafkaPartitionStart start, CancellationToken cancellationToken);

    /// <summary>Handles one record; emits items or dead letters through <paramref name="output"/>, or buffers it.</summary>
    void Process(in KafkaRawRecord record, KafkaPartitionOutput output);

    /// <summary>
    /// Called after every read (also one that found nothing, at least every pulling period): emits what is due
    /// (a mini-batch that is full or old enough), reports progress, asks for a rewind.
    /// </summary>
    ValueTask AfterReadAsync(KafkaPartitionOutput output, KafkaPartitionState state, CancellationToken cancellationToken);

    /// <summary>Emits everything buffered now (a checkpoint follows).</summary>
    void Flush(KafkaPartitionOutput output);

    /// <summary>
    /// Every stream acknowledged the checkpoint through <paramref name="offset"/>; false keeps it from being committed
    /// (the consumers' state it covered may have been lost meanwhile: the processor asks for a rewind).
    /// </summary>
    ValueTask<bool> ConfirmCheckpointAsync(long offset, CancellationToken cancellationToken);

    /// <summary>A checkpoint was committed: everything before <see cref="KafkaCheckpointCompleted.CommittedOffset"/> is durable.</summary>
    ValueTask OnCheckpointAsync(KafkaCheckpointCompleted checkpoint, CancellationToken cancellationToken);
}

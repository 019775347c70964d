namespace Orleans.Analytics.Kafka;

/// <summary>
/// The default processor: every record becomes the event its <see cref="IKafkaRecordMapper"/> maps it to (a
/// <see cref="KafkaRecord"/> by default) on the mapped stream, or a dead letter. Each read is one batch, and its
/// offsets complete when every event of it has been delivered.
/// </summary>
internal sealed class RecordMappingProcessor(IKafkaRecordMapper mapper) : IKafkaPartitionProcessor
{
    public ValueTask StartAsync(KafkaPartitionStart start, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Process(in KafkaRawRecord record, KafkaPartitionOutput output)
    {
        var copy = record.ToRecord();
        KafkaRecordMapping mapping;
        try
        {
            mapping = mapper.Map(copy);
        }
        catch (Exception ex)
        {
            mapping = KafkaRecordMapping.Reject(KafkaErrorTypes.MappingError, $"{mapper.GetType().Name} failed: {ex.Message}");
        }

        if (mapping.IsRejected)
        {
            output.DeadLetter(record, mapping.ErrorType!, mapping.Reason!);
            return;
        }

        output.Emit(mapping.StreamId, mapping.Event!, record.Offset);
    }

    public ValueTask AfterReadAsync(KafkaPartitionOutput output, KafkaPartitionState state, CancellationToken cancellationToken)
    {
        output.CompleteBatch();
        return ValueTask.CompletedTask;
    }

    public void Flush(KafkaPartitionOutput output) => output.CompleteBatch();

    public ValueTask<bool> ConfirmCheckpointAsync(long offset, CancellationToken cancellationToken) => ValueTask.FromResult(true);

    public ValueTask OnCheckpointAsync(KafkaCheckpointCompleted checkpoint, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

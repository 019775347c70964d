using Microsoft.Extensions.Logging;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// When a consumer keeps failing on a batch past the pulling agent's delivery time, the agent gives up on it and
/// calls this handler. Giving up must not lose the records: each record goes to the dead-letter topic before the
/// agent moves on (and before its offset can be committed). A container a processor made (a partial aggregate, a
/// checkpoint barrier) has no record to dead-letter: its partition rewinds to the last checkpoint and is read again,
/// so nothing is skipped (a consumer that keeps failing keeps its partition from moving on, visibly). Subscriptions
/// are not faulted; the stream keeps flowing.
/// </summary>
internal sealed partial class KafkaStreamFailureHandler(
    QueueId queueId,
    KafkaQueueAdapterCache caches,
    DeadLetterWriter deadLetters,
    Func<QueueId, KafkaQueueAdapterReceiver?> receivers,
    ILogger<KafkaStreamFailureHandler> logger) : IStreamFailureHandler
{
    public bool ShouldFaultSubsriptionOnError => false;

    public async Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        var batch = caches.Get(queueId)?.Find(streamIdentity, sequenceToken);
        if (batch is null)
        {
            LogBatchNotFound(streamIdentity, sequenceToken?.ToString() ?? "none", subscriptionId.ToString());
            return;
        }

        var reason = $"Delivery to subscription {subscriptionId} of stream {streamIdentity} kept failing and was given up; "
            + "the consumer may have applied part of the batch (it can tell by the record's partition and offset). See the silo log for the consumer's exception.";
        var records = 0;
        foreach (var (record, _) in batch.GetEvents<KafkaRecord>())
        {
            records++;
            await deadLetters.SendAsync(record, KafkaErrorTypes.DeliveryFailed, reason, CancellationToken.None);
        }

        if (records < batch.Events.Count && receivers(queueId) is { IsCheckpointed: true } receiver)
        {
            LogRewinding(streamIdentity, batch.ToString());
            receiver.RequestRewind($"delivery of {batch} to {streamIdentity} kept failing");
        }
    }

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        LogSubscriptionFailed(streamIdentity, subscriptionId.ToString());
        return Task.CompletedTask;
    }

    [LoggerMessage(1500, LogLevel.Error, "Delivery on stream {StreamId} at {Token} to subscription {Subscription} failed and the batch is no longer cached; its records stay uncommitted until the queue is read again")]
    private partial void LogBatchNotFound(StreamId streamId, string token, string subscription);

    [LoggerMessage(1502, LogLevel.Error, "Delivery on stream {StreamId} of {Batch} kept failing; its partition rewinds to its last checkpoint and reads it again")]
    private partial void LogRewinding(StreamId streamId, string batch);

    [LoggerMessage(1501, LogLevel.Error, "Subscribing {Subscription} to stream {StreamId} failed")]
    private partial void LogSubscriptionFailed(StreamId streamId, string subscription);
}

using Microsoft.Extensions.Logging;
using Orleans.Analytics.Kafka.Diagnostics;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// Sends records that could not become (or be delivered as) stream events to the dead-letter topic, with the
/// reason, the origin and the raw bytes. A record's offset is committed only once its dead letter is durable, and
/// sending is retried until it is: a dead letter is never dropped. Each dead letter is counted once, when Kafka
/// acknowledged it. The dead letters of one source partition all go to one partition of the dead-letter topic
/// (<see cref="PartitionFor"/>), so that the partition's next owner can find which of them were written after its
/// last commit (<see cref="EarlierDeadLetters"/>).
/// </summary>
internal sealed partial class DeadLetterWriter(IKafkaSink sink, string topic, int partitions, TimeProvider time, KafkaInstruments instruments, ILogger<DeadLetterWriter> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    public string Topic { get; } = topic;

    /// <summary>The partition of the dead-letter topic that the dead letters of <paramref name="sourcePartition"/> go to.</summary>
    public int PartitionFor(int sourcePartition) => sourcePartition % Math.Max(1, partitions);

    /// <summary>Sends the dead letter of <paramref name="record"/>; retries until delivered or <paramref name="cancellationToken"/> fires; completes with its offset.</summary>
    public Task<long> SendAsync(KafkaRecord record, string errorType, string reason, CancellationToken cancellationToken) =>
        SendAsync(DeadLetterRecords.Capture(record), errorType, reason, cancellationToken);

    /// <summary>Sends the dead letter of <paramref name="source"/>; retries until delivered or <paramref name="cancellationToken"/> fires; completes with its offset.</summary>
    public async Task<long> SendAsync(DeadLetterSource source, string errorType, string reason, CancellationToken cancellationToken)
    {
        var record = source.Record;
        var letter = DeadLetterRecords.Create(Topic, source, errorType, reason, time.GetUtcNow());
        LogDeadLettered(record.Origin, errorType, reason);
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                var offset = await sink.ProduceToPartitionAsync(letter, PartitionFor(record.Partition), cancellationToken);
                instruments.RecordsDeadLettered.Add(1,
                    new KeyValuePair<string, object?>(KafkaInstruments.TopicTag, record.Topic),
                    new KeyValuePair<string, object?>(KafkaInstruments.ErrorTypeTag, errorType));
                return offset;
            }
            catch (KafkaSinkException ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogRetrying(record.Origin, ex.Message, backoff);
                await Task.Delay(backoff, time, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    [LoggerMessage(1300, LogLevel.Warning, "Record {Origin} dead-lettered ({ErrorType}): {Reason}")]
    private partial void LogDeadLettered(string origin, string errorType, string reason);

    [LoggerMessage(1301, LogLevel.Warning, "Dead letter of {Origin} not delivered ({Reason}); retrying in {Backoff}")]
    private partial void LogRetrying(string origin, string reason, TimeSpan backoff);
}

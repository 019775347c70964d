namespace Orleans.Analytics.Kafka;

/// <summary>What a dead letter is made from: the record (its value possibly cut, see <see cref="DeadLetterRecords.MaxRawBytes"/>) and its full length.</summary>
/// <param name="Record">The record, with at most <see cref="DeadLetterRecords.MaxRawBytes"/> of its value.</param>
/// <param name="OriginalLength">The length of the record's value as read.</param>
public sealed record DeadLetterSource(KafkaRecord Record, int OriginalLength);

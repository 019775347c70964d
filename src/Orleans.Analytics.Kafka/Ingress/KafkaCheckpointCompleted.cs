namespace Orleans.Analytics.Kafka;

/// <summary>A committed checkpoint of a partition.</summary>
/// <param name="CommittedOffset">The committed offset: the next to read after a restart.</param>
/// <param name="Duration">From the barriers' emission to the commit.</param>
/// <param name="Streams">Streams whose barrier was delivered.</param>
public readonly record struct KafkaCheckpointCompleted(long CommittedOffset, TimeSpan Duration, int Streams);

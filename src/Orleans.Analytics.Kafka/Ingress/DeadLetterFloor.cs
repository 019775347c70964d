namespace Orleans.Analytics.Kafka;

/// <summary>A position in the dead-letter topic below which no dead letter of a partition's uncommitted records lies.</summary>
internal readonly record struct DeadLetterFloor(int Partition, long Offset);

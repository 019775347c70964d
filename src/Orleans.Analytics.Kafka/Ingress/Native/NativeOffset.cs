namespace Orleans.Analytics.Kafka.Native;

/// <summary>A partition's offset with the metadata committed beside it (Kafka keeps a short string per committed offset).</summary>
internal readonly record struct NativeOffset(string Topic, int Partition, long Offset, string? Metadata);

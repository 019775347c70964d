using System.Collections.Concurrent;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// The partition counts of the source topics, as read from the cluster's metadata when the provider started, so
/// that a consumer of a topic (a watermark over all its partitions) knows every partition before any record.
/// </summary>
public sealed class KafkaTopicPartitions
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>The number of partitions of <paramref name="topic"/>, or null if the provider does not read it.</summary>
    public int? For(string topic) => _counts.TryGetValue(topic, out var count) ? count : null;

    internal void Set(string topic, int partitions) => _counts[topic] = partitions;
}

using System.Text;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// A record as read, its key and value still in the Kafka client's buffer: valid only during the call it is given
/// to. A processor parses what it needs from the spans instead of copying the record.
/// </summary>
public readonly ref struct KafkaRawRecord
{
    /// <summary>Creates a view of a record.</summary>
    public KafkaRawRecord(string topic, int partition, long offset, ReadOnlySpan<byte> key, bool hasKey, ReadOnlySpan<byte> value, long timestampMs)
    {
        Topic = topic;
        Partition = partition;
        Offset = offset;
        Key = key;
        HasKey = hasKey;
        Value = value;
        TimestampMs = timestampMs;
    }

    /// <summary>The topic it was read from.</summary>
    public string Topic { get; }

    /// <summary>The partition it was read from.</summary>
    public int Partition { get; }

    /// <summary>Its offset in the partition.</summary>
    public long Offset { get; }

    /// <summary>The key bytes (empty when there is none; see <see cref="HasKey"/>).</summary>
    public ReadOnlySpan<byte> Key { get; }

    /// <summary>Whether the record has a key (an empty key is a key).</summary>
    public bool HasKey { get; }

    /// <summary>The value bytes as produced.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>The record timestamp, epoch milliseconds.</summary>
    public long TimestampMs { get; }

    /// <summary>The record's origin, <c>topic/partition/offset</c>.</summary>
    public string Origin => KafkaRecord.OriginOf(Topic, Partition, Offset);

    /// <summary>A copy of the record that outlives the call.</summary>
    public KafkaRecord ToRecord() => new(Topic, Partition, Offset, HasKey ? Encoding.UTF8.GetString(Key) : null, Value.ToArray(), TimestampMs);
}

using System.Globalization;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// The position of an event in Kafka: (partition, offset). It is the same every time the record is delivered,
/// so a consumer can skip what it has already applied.
/// </summary>
[GenerateSerializer, Immutable, Alias("orleans-analytics.kafka-token")]
public sealed class KafkaSequenceToken : StreamSequenceToken
{
    /// <summary>Creates the token of the record at <paramref name="offset"/> in <paramref name="partition"/>.</summary>
    public KafkaSequenceToken(int partition, long offset)
    {
        Partition = partition;
        SequenceNumber = offset;
    }

    /// <summary>The partition of the record.</summary>
    [Id(0)]
    public int Partition { get; private set; }

    /// <summary>The offset of the record in its partition (the same as <see cref="SequenceNumber"/>).</summary>
    public long Offset => SequenceNumber;

    /// <inheritdoc />
    [Id(1)]
    public override long SequenceNumber { get; protected set; }

    /// <inheritdoc />
    [Id(2)]
    public override int EventIndex { get; protected set; }

    /// <inheritdoc />
    public override bool Equals(StreamSequenceToken? other) =>
        other is KafkaSequenceToken token && token.Partition == Partition && token.SequenceNumber == SequenceNumber;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as StreamSequenceToken);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Partition, SequenceNumber);

    /// <summary>Orders by partition, then offset; offsets of different partitions are not comparable in time.</summary>
    public override int CompareTo(StreamSequenceToken? other)
    {
        if (other is null)
        {
            return 1;
        }

        if (other is KafkaSequenceToken token && token.Partition != Partition)
        {
            return Partition.CompareTo(token.Partition);
        }

        var bySequence = SequenceNumber.CompareTo(other.SequenceNumber);
        return bySequence != 0 ? bySequence : EventIndex.CompareTo(other.EventIndex);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Partition}:{SequenceNumber}]");
}

namespace Orleans.Analytics.Kafka;

/// <summary>
/// The records of one delivery as a single stream event: consecutive records of one partition, in offset order.
/// A consumer that subscribes to <see cref="KafkaRecordBatch"/> instead of <see cref="KafkaRecord"/> receives each
/// delivery as one item whose token is the last record's (partition, offset), and saves the stream item, tuple and
/// token Orleans would otherwise build for every record.
/// </summary>
/// <remarks>Only records mapped to <see cref="KafkaRecord"/> events are included; a topic whose mapper produces
/// other event types delivers those to per-event subscribers only.</remarks>
[GenerateSerializer, Immutable, Alias("orleans-analytics.kafka-record-batch")]
public sealed class KafkaRecordBatch
{
    /// <summary>Creates a batch of <paramref name="records"/>, which must be of one partition and in offset order.</summary>
    public KafkaRecordBatch(IReadOnlyList<KafkaRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        Records = records;
    }

    /// <summary>The records, in offset order.</summary>
    [Id(0)]
    public IReadOnlyList<KafkaRecord> Records { get; }

    /// <summary>How many records the batch holds.</summary>
    public int Count => Records.Count;

    /// <summary>The partition of the records, or -1 for an empty batch.</summary>
    public int Partition => Records.Count > 0 ? Records[0].Partition : -1;

    /// <summary>The offset of the last record, or -1 for an empty batch.</summary>
    public long LastOffset => Records.Count > 0 ? Records[^1].Offset : -1;
}

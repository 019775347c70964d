using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs;

/// <summary>
/// The jobs of a topic that read one input type with one parser, in a partition's reader: each record is parsed once
/// and offered to each job; each job buffers its mini-batch (partial aggregates, or inputs) until the reader flushes.
/// </summary>
internal interface IInputGroup
{
    /// <summary>Parses and routes a record; false with the failure when the parser rejects it.</summary>
    bool Route(in KafkaRawRecord record, ReaderBatch batch, out ParseFailure failure);

    /// <summary>The jobs in the group, for a dead letter's reason.</summary>
    IReadOnlyList<string> JobNames { get; }

    /// <summary>Emits every job's buffered mini-batch.</summary>
    void Flush(KafkaPartitionOutput output, ReaderBatch batch);

    /// <summary>Drops every buffered input (a rewind).</summary>
    void Clear();
}

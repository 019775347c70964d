using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs;

/// <summary>One job's share of a partition reader: what it does with each parsed input, and its buffered mini-batch.</summary>
/// <typeparam name="T">The input type.</typeparam>
internal interface IJobRoute<T>
{
    /// <summary>Takes an input of the record at <see cref="ReaderBatch.Offset"/>.</summary>
    void Add(T value, ReaderBatch batch);

    /// <summary>Emits the buffered mini-batch, one delivery per key grain.</summary>
    void Flush(KafkaPartitionOutput output, ReaderBatch batch);

    /// <summary>Drops the buffered mini-batch.</summary>
    void Clear();
}

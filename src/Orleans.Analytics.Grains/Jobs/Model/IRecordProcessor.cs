using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs;

/// <summary>
/// A stateless job's work on one record: it turns the record into output records (result, error) on the reading
/// silo, and the record's offset is committed once Kafka has acknowledged them.
/// </summary>
public interface IRecordProcessor
{
    /// <summary>Appends the records <paramref name="record"/> yields to <paramref name="output"/>.</summary>
    void Process(in KafkaRawRecord record, DateTimeOffset now, ICollection<SinkRecord> output);
}

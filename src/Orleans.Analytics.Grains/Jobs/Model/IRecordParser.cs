using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs;

/// <summary>
/// Turns a record of a source topic into a job's input, or says why it cannot (the record then goes to the
/// dead-letter topic with the reason and the jobs that rejected it). Called once per record for every distinct
/// parser of a topic, on the reading silo, while the record's bytes are still in the Kafka client's buffer: keep it
/// free of I/O and copy only what the input keeps.
/// </summary>
/// <typeparam name="T">The job's input.</typeparam>
public interface IRecordParser<T>
{
    /// <summary>Parses <paramref name="record"/>; on failure <paramref name="failure"/> says what is wrong.</summary>
    bool TryParse(in KafkaRawRecord record, out T value, out ParseFailure failure);
}

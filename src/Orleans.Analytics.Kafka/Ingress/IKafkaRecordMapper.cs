namespace Orleans.Analytics.Kafka;

/// <summary>
/// Turns a Kafka record into a stream event, or rejects it with a reason (it then goes to the dead-letter topic).
/// Called on the reading silo for every record; keep it cheap and free of I/O.
/// </summary>
public interface IKafkaRecordMapper
{
    /// <summary>Maps <paramref name="record"/> to the stream and event it becomes.</summary>
    KafkaRecordMapping Map(KafkaRecord record);
}

namespace Orleans.Analytics.Kafka;

/// <summary>Which part of a Kafka record names the stream it goes to.</summary>
public enum StreamKeySource
{
    /// <summary>The record's key as UTF-8 text; a record without a key goes to the stream named after its partition.</summary>
    RecordKey,

    /// <summary>The partition number: one stream per partition, in offset order (for stateless per-record jobs).</summary>
    Partition,
}

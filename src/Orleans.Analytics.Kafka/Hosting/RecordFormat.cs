namespace Orleans.Analytics.Kafka;

/// <summary>What a record's value must be to become a stream event.</summary>
public enum RecordFormat
{
    /// <summary>A JSON document; anything else goes to the dead-letter topic with the parser's message.</summary>
    Json,

    /// <summary>Any bytes; the consuming job validates them and reports errors itself.</summary>
    Raw,
}

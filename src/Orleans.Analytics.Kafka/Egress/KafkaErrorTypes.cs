namespace Orleans.Analytics.Kafka;

/// <summary>The <c>error_type</c> values of dead letters and error records, one name each.</summary>
public static class KafkaErrorTypes
{
    /// <summary>The record is not what its format requires (for example not JSON).</summary>
    public const string ParseError = "PARSE_ERROR";

    /// <summary>The record parsed but is not a valid event (a field missing, mistyped or out of range).</summary>
    public const string ValidationError = "VALIDATION_ERROR";

    /// <summary>A mapper or parser failed unexpectedly on the record.</summary>
    public const string MappingError = "MAPPING_ERROR";

    /// <summary>A consumer kept failing on the record's delivery and the provider gave up on it.</summary>
    public const string DeliveryFailed = "DELIVERY_FAILED";
}

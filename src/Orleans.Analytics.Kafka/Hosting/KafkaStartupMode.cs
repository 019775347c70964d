namespace Orleans.Analytics.Kafka;

/// <summary>Where a partition without a committed offset starts reading.</summary>
public enum KafkaStartupMode
{
    /// <summary>At the oldest record the partition still holds.</summary>
    Earliest,

    /// <summary>At the next record produced after the reader starts.</summary>
    Latest,
}

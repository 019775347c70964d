namespace Orleans.Analytics.Kafka;

/// <summary>
/// A Kafka record as a stream event: its origin, key, timestamp and value bytes as produced (usually UTF-8 JSON).
/// </summary>
/// <param name="Topic">The topic it was read from.</param>
/// <param name="Partition">The partition it was read from.</param>
/// <param name="Offset">Its offset in that partition; with <paramref name="Partition"/> it names the record.</param>
/// <param name="Key">The record key as UTF-8 text, or null.</param>
/// <param name="Value">The record value as produced.</param>
/// <param name="TimestampMs">The record timestamp, epoch milliseconds.</param>
[GenerateSerializer, Immutable, Alias("orleans-analytics.kafka-record")]
public sealed record KafkaRecord(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] long Offset,
    [property: Id(3)] string? Key,
    [property: Id(4)] byte[] Value,
    [property: Id(5)] long TimestampMs)
{
    /// <summary>The record's origin as <c>topic/partition/offset</c>, a stable name for results derived from it.</summary>
    public string Origin => OriginOf(Topic, Partition, Offset);

    /// <summary>The origin name of the record at <paramref name="offset"/> of <paramref name="topic"/>[<paramref name="partition"/>].</summary>
    public static string OriginOf(string topic, int partition, long offset) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{topic}/{partition}/{offset}");
}

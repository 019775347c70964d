using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orleans.Analytics.Kafka.Diagnostics;

/// <summary>
/// The provider's instruments on the <c>Orleans.Analytics</c> meter. Names follow OpenTelemetry conventions and
/// become <c>orleans_analytics_kafka_*</c> in Prometheus.
/// </summary>
internal static class KafkaInstruments
{
    /// <summary>The meter every Orleans.Analytics instrument belongs to.</summary>
    public const string MeterName = "Orleans.Analytics";

    public const string TopicTag = "topic";
    public const string PartitionTag = "partition";
    public const string ErrorTypeTag = "error_type";

    private static readonly Meter s_meter = new(MeterName);
    // Keyed by instance: during a hand-off the old and the new reader of a partition may both be in this process (tests).
    private static readonly ConcurrentDictionary<PartitionGauge, byte> s_partitions = new();

    public static readonly Counter<long> RecordsRead = s_meter.CreateCounter<long>(
        "orleans_analytics.kafka.records.read", "{record}", "Records read from source partitions.");

    public static readonly Counter<long> RecordsDeadLettered = s_meter.CreateCounter<long>(
        "orleans_analytics.kafka.records.dead_lettered", "{record}", "Records sent to the dead-letter topic instead of a stream.");

    public static readonly Histogram<double> CommitDuration = s_meter.CreateHistogram(
        "orleans_analytics.kafka.commit.duration", "s", "Time taken by an offset commit to the consumer group.", tags: null, advice: Orleans.Analytics.Kafka.DurationBuckets.Seconds);

    public static readonly Counter<long> CommitFailures = s_meter.CreateCounter<long>(
        "orleans_analytics.kafka.commit.failures", "{commit}", "Offset commits that failed and will be retried.");

    public static readonly Counter<long> PartitionPauses = s_meter.CreateCounter<long>(
        "orleans_analytics.kafka.partition.pauses", "{pause}", "Times a partition stopped being read because its consumers were behind and its queue cache was full (back-pressure).");

    public static readonly Counter<long> PartitionRewinds = s_meter.CreateCounter<long>(
        "orleans_analytics.kafka.partition.rewinds", "{rewind}", "Times a partition was sought back to its committed offset to read again what was not durable (a lost key grain, a new epoch, a failed write).");

    public static readonly Counter<long> RecordsReplayed = s_meter.CreateCounter<long>(
        "orleans_analytics.kafka.records.replayed", "{record}", "Records read again after a rewind: below the position the partition had already been read to.");

    public static readonly Counter<long> SinkRecords = s_meter.CreateCounter<long>(
        "orleans_analytics.kafka.sink.records", "{record}", "Result records delivered to sink topics.");

    public static readonly Counter<long> SinkFailures = s_meter.CreateCounter<long>(
        "orleans_analytics.kafka.sink.failures", "{record}", "Result records whose delivery to a sink topic failed.");

    static KafkaInstruments()
    {
        s_meter.CreateObservableGauge("orleans_analytics.kafka.consumer.lag", ObserveLag, "{record}",
            "Records in a source partition not yet read by this silo (high watermark minus position).");
        s_meter.CreateObservableGauge("orleans_analytics.kafka.partition.in_flight", ObserveInFlight, "{record}",
            "Records read from a partition whose delivery has not completed.");
        s_meter.CreateObservableGauge("orleans_analytics.kafka.partition.uncommitted", ObserveUncommitted, "{record}",
            "Records read from a partition by this silo and not yet committed: a crash now reads them again.");
        s_meter.CreateObservableGauge("orleans_analytics.kafka.partition.buffered", ObserveBuffered, "{record}",
            "Records fetched from a partition and waiting for its Orleans receiver.");
    }

    /// <summary>The gauge state of a partition this silo reads; removed when the partition moves away.</summary>
    public static PartitionGauge Track(string topic, int partition)
    {
        var gauge = new PartitionGauge(topic, partition);
        s_partitions.TryAdd(gauge, 0);
        return gauge;
    }

    public static void Untrack(PartitionGauge gauge) => s_partitions.TryRemove(gauge, out _);

    /// <summary>What this process knows of the partitions it reads.</summary>
    public static IReadOnlyCollection<PartitionGauge> Partitions => [.. s_partitions.Keys];

    public static TagList Tags(string topic, int partition) => new() { { TopicTag, topic }, { PartitionTag, partition } };

    private static IEnumerable<Measurement<long>> ObserveLag()
    {
        foreach (var gauge in s_partitions.Keys)
        {
            if (gauge.Lag >= 0)
            {
                yield return new Measurement<long>(gauge.Lag, Tags(gauge.Topic, gauge.Partition));
            }
        }
    }

    private static IEnumerable<Measurement<long>> ObserveBuffered()
    {
        foreach (var gauge in s_partitions.Keys)
        {
            yield return new Measurement<long>(gauge.Buffered(), Tags(gauge.Topic, gauge.Partition));
        }
    }

    private static IEnumerable<Measurement<long>> ObserveUncommitted()
    {
        foreach (var gauge in s_partitions.Keys)
        {
            if (gauge.Uncommitted >= 0)
            {
                yield return new Measurement<long>(gauge.Uncommitted, Tags(gauge.Topic, gauge.Partition));
            }
        }
    }

    private static IEnumerable<Measurement<long>> ObserveInFlight()
    {
        foreach (var gauge in s_partitions.Keys)
        {
            yield return new Measurement<long>(gauge.InFlight(), Tags(gauge.Topic, gauge.Partition));
        }
    }
}

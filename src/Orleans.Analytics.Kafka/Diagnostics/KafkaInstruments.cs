using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orleans.Analytics.Kafka.Diagnostics;

/// <summary>
/// The provider's instruments on the silo's <see cref="AnalyticsMeter"/> (a singleton of the silo's services).
/// Names follow OpenTelemetry conventions and become <c>orleans_analytics_kafka_*</c> in Prometheus.
/// </summary>
internal sealed class KafkaInstruments
{
    public const string TopicTag = "topic";
    public const string PartitionTag = "partition";
    public const string ErrorTypeTag = "error_type";

    // Keyed by instance: during a hand-off the old and the new reader of a partition may both be on this silo.
    private readonly ConcurrentDictionary<PartitionGauge, byte> _partitions = new();

    public KafkaInstruments(AnalyticsMeter analyticsMeter)
    {
        var meter = analyticsMeter.Meter;
        RecordsRead = meter.CreateCounter<long>(
            "orleans_analytics.kafka.records.read", "{record}", "Records read from source partitions.");
        RecordsDeadLettered = meter.CreateCounter<long>(
            "orleans_analytics.kafka.records.dead_lettered", "{record}", "Records sent to the dead-letter topic instead of a stream.");
        CommitDuration = meter.CreateHistogram(
            "orleans_analytics.kafka.commit.duration", "s", "Time taken by an offset commit to the consumer group.", tags: null, advice: DurationBuckets.Seconds);
        CommitFailures = meter.CreateCounter<long>(
            "orleans_analytics.kafka.commit.failures", "{commit}", "Offset commits that failed and will be retried.");
        PartitionPauses = meter.CreateCounter<long>(
            "orleans_analytics.kafka.partition.pauses", "{pause}", "Times a partition stopped being read because its consumers were behind and its queue cache was full (back-pressure).");
        PartitionRewinds = meter.CreateCounter<long>(
            "orleans_analytics.kafka.partition.rewinds", "{rewind}", "Times a partition was sought back to its committed offset to read again what was not durable (a lost key grain, a new epoch, a failed write).");
        RecordsReplayed = meter.CreateCounter<long>(
            "orleans_analytics.kafka.records.replayed", "{record}", "Records read again after a rewind: below the position the partition had already been read to.");
        SinkRecords = meter.CreateCounter<long>(
            "orleans_analytics.kafka.sink.records", "{record}", "Result records delivered to sink topics.");
        SinkFailures = meter.CreateCounter<long>(
            "orleans_analytics.kafka.sink.failures", "{record}", "Result records whose delivery to a sink topic failed.");

        meter.CreateObservableGauge("orleans_analytics.kafka.consumer.lag", ObserveLag, "{record}",
            "Records in a source partition not yet read by this silo (high watermark minus position).");
        meter.CreateObservableGauge("orleans_analytics.kafka.partition.in_flight", ObserveInFlight, "{record}",
            "Records read from a partition whose delivery has not completed.");
        meter.CreateObservableGauge("orleans_analytics.kafka.partition.uncommitted", ObserveUncommitted, "{record}",
            "Records read from a partition by this silo and not yet committed: a crash now reads them again.");
        meter.CreateObservableGauge("orleans_analytics.kafka.partition.buffered", ObserveBuffered, "{record}",
            "Records fetched from a partition and waiting for its Orleans receiver.");
    }

    public Counter<long> RecordsRead { get; }

    public Counter<long> RecordsDeadLettered { get; }

    public Histogram<double> CommitDuration { get; }

    public Counter<long> CommitFailures { get; }

    public Counter<long> PartitionPauses { get; }

    public Counter<long> PartitionRewinds { get; }

    public Counter<long> RecordsReplayed { get; }

    public Counter<long> SinkRecords { get; }

    public Counter<long> SinkFailures { get; }

    /// <summary>The gauge state of a partition this silo reads; removed when the partition moves away.</summary>
    public PartitionGauge Track(string topic, int partition)
    {
        var gauge = new PartitionGauge(topic, partition);
        _partitions.TryAdd(gauge, 0);
        return gauge;
    }

    public void Untrack(PartitionGauge gauge) => _partitions.TryRemove(gauge, out _);

    /// <summary>What this silo knows of the partitions it reads.</summary>
    public IReadOnlyCollection<PartitionGauge> Partitions => [.. _partitions.Keys];

    public static TagList Tags(string topic, int partition) => new() { { TopicTag, topic }, { PartitionTag, partition } };

    private IEnumerable<Measurement<long>> ObserveLag()
    {
        foreach (var gauge in _partitions.Keys)
        {
            if (gauge.Lag >= 0)
            {
                yield return new Measurement<long>(gauge.Lag, Tags(gauge.Topic, gauge.Partition));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveBuffered()
    {
        foreach (var gauge in _partitions.Keys)
        {
            yield return new Measurement<long>(gauge.Buffered(), Tags(gauge.Topic, gauge.Partition));
        }
    }

    private IEnumerable<Measurement<long>> ObserveUncommitted()
    {
        foreach (var gauge in _partitions.Keys)
        {
            if (gauge.Uncommitted >= 0)
            {
                yield return new Measurement<long>(gauge.Uncommitted, Tags(gauge.Topic, gauge.Partition));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveInFlight()
    {
        foreach (var gauge in _partitions.Keys)
        {
            yield return new Measurement<long>(gauge.InFlight(), Tags(gauge.Topic, gauge.Partition));
        }
    }
}

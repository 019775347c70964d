namespace Orleans.Analytics.Jobs;

/// <summary>
/// A job over the <c>analytics_events</c> topic: which events it takes and under which grouping keys (its filter
/// and key), and the state it keeps per key (its window and aggregate), which emits records to its sink topic.
/// Register a job with one line in <see cref="AnalyticsJobCatalog"/>.
/// </summary>
public interface IAnalyticsJob
{
    /// <summary>A stable name; it is part of the key grains' identity, so never rename a running job.</summary>
    string Name { get; }

    /// <summary>The topic its results go to.</summary>
    string SinkTopic { get; }

    /// <summary>
    /// Whether the grouping key is the record's Kafka key (so all of a key's records are in one partition). Such
    /// state is co-partitioned as in Kafka Streams: one grain per job and partition holds every key of that
    /// partition, instead of one grain per key, so a high-cardinality key (a user) costs no grain call per record.
    /// </summary>
    bool CoPartitioned => false;

    /// <summary>Adds the grouping keys <paramref name="analyticsEvent"/> counts under; none when the job filters it out.</summary>
    void SelectKeys(AnalyticsEvent analyticsEvent, ICollection<string> keys);

    /// <summary>Creates the state of one key.</summary>
    IJobKeyState CreateState();
}

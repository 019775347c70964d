namespace Orleans.Analytics.Jobs.Tda;

/// <summary>The durable state of a point-cloud stream.</summary>
[GenerateSerializer]
internal sealed class PointCloudGrainState
{
    /// <summary>The last offset applied per source <c>topic/partition</c>; replays at or below it are skipped.</summary>
    [Id(0)]
    public Dictionary<string, long> LastApplied { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The windows gathering points.</summary>
    [Id(1)]
    public List<TdaWindow> Windows { get; set; } = [];

    /// <summary>The sequence number the next count window gets.</summary>
    [Id(2)]
    public long NextSequence { get; set; }

    /// <summary>Event time only: the latest event time seen (epoch milliseconds), or <see cref="long.MinValue"/>.</summary>
    [Id(3)]
    public long MaxEventTime { get; set; } = long.MinValue;

    /// <summary>Counts since the stream started.</summary>
    [Id(4)]
    public TdaCounters Total { get; set; } = new();

    /// <summary>Counts since the last job report.</summary>
    [Id(5)]
    public TdaCounters Interval { get; set; } = new();

    /// <summary>When the current report interval started, epoch milliseconds (0 before the first event).</summary>
    [Id(6)]
    public long IntervalStart { get; set; }
}

namespace Orleans.Analytics.Keys;

/// <summary>
/// What a consumer has applied of each source partition (a partition number, or a <c>topic/partition</c> name): the
/// last offset. Deliveries are at least once (a partition read again after a rewind, a delivery retried); this is how
/// each record counts once.
/// </summary>
/// <remarks>A delivery covers a run of offsets. Single inputs are kept if past the last offset applied; a partial
/// aggregate of a run is kept whole or not at all: a run that starts after the last offset is new, one that ends at or
/// before it was applied, and one that straddles it was cut differently by an earlier reader. That happens only when a
/// consumer lost what it held and the partition is being read again: the replay then sends those records one by one,
/// so the straddling aggregate is dropped.</remarks>
internal sealed class AppliedOffsets<TPartition>
    where TPartition : notnull
{
    private readonly Dictionary<TPartition, long> _last;

    /// <summary>Starts from a copy of <paramref name="stored"/>.</summary>
    public AppliedOffsets(IReadOnlyDictionary<TPartition, long>? stored = null) => _last = stored is null ? [] : new Dictionary<TPartition, long>(stored);

    private AppliedOffsets(Dictionary<TPartition, long> live, bool _) => _last = live;

    /// <summary>Keeps its offsets in <paramref name="live"/> itself (a grain state's dictionary, written as it is).</summary>
    public static AppliedOffsets<TPartition> Over(Dictionary<TPartition, long> live) => new(live, true);

    /// <summary>The last offset applied of each partition.</summary>
    public IReadOnlyDictionary<TPartition, long> Last => _last;

    /// <summary>The last offset applied of <paramref name="partition"/>, or -1.</summary>
    public long Of(TPartition partition) => _last.TryGetValue(partition, out var last) ? last : -1;

    /// <summary>What to do with a delivery covering <paramref name="first"/>..<paramref name="last"/>.</summary>
    public RunDecision Decide(TPartition partition, long first, long last)
    {
        var applied = Of(partition);
        return last <= applied ? RunDecision.Applied : first > applied ? RunDecision.New : RunDecision.Straddles;
    }

    /// <summary>Records that everything of <paramref name="partition"/> up to <paramref name="last"/> is applied.</summary>
    public void Advance(TPartition partition, long last)
    {
        if (last > Of(partition))
        {
            _last[partition] = last;
        }
    }

    /// <summary>Applies the single record at <paramref name="offset"/>: false (nothing changes) when it was applied before.</summary>
    public bool TryApply(TPartition partition, long offset)
    {
        if (offset <= Of(partition))
        {
            return false;
        }

        _last[partition] = offset;
        return true;
    }

    public Dictionary<TPartition, long> Copy() => new(_last);
}

/// <summary>How a delivery's run of offsets relates to what was applied.</summary>
internal enum RunDecision
{
    /// <summary>Entirely past what was applied.</summary>
    New,

    /// <summary>Entirely applied already (a redelivery).</summary>
    Applied,

    /// <summary>Partly applied, cut differently: only its single inputs past the last offset count.</summary>
    Straddles,
}

namespace Orleans.Analytics.Jobs;

/// <summary>
/// What a partition reader hands one key grain for one mini-batch: partial aggregates (folded in the reader) and
/// single inputs (records that may have been delivered before, late ones, and the inputs of jobs that cannot be
/// pre-aggregated, such as sessions), covering records <see cref="FirstOffset"/>..<see cref="LastOffset"/> of the
/// partition. Never changed once sent, so it crosses to a grain of the same silo uncopied.
/// </summary>
[GenerateSerializer, Immutable, Alias("orleans-analytics.key-delivery")]
internal sealed class KeyDelivery(int partition, long firstOffset, long lastOffset, long epoch, object? partials, object? inputs)
{
    [Id(0)]
    public int Partition { get; } = partition;

    [Id(1)]
    public long FirstOffset { get; } = firstOffset;

    [Id(2)]
    public long LastOffset { get; } = lastOffset;

    /// <summary>The topic clock's rewind epoch the reader read in (for diagnostics).</summary>
    [Id(3)]
    public long Epoch { get; } = epoch;

    /// <summary>A <see cref="WindowPartials{TAcc}"/>, or null.</summary>
    [Id(4)]
    public object? Partials { get; } = partials;

    /// <summary>A <see cref="KeyedInputs{T}"/>, or null.</summary>
    [Id(5)]
    public object? Inputs { get; } = inputs;

    public override string ToString() => $"[{Partition}:{FirstOffset}..{LastOffset}]";
}

/// <summary>The partial aggregates of one key's windows over a mini-batch.</summary>
[GenerateSerializer, Immutable]
internal sealed class WindowPartials<TAcc>(List<WindowPartial<TAcc>> entries)
{
    [Id(0)]
    public List<WindowPartial<TAcc>> Entries { get; } = entries;
}

/// <summary>One window's partial aggregate: <see cref="Count"/> inputs, the latest at <see cref="MaxEventTime"/>.</summary>
[GenerateSerializer, Immutable]
internal readonly record struct WindowPartial<TAcc>(
    [property: Id(0)] long Start,
    [property: Id(1)] long End,
    [property: Id(2)] TAcc Accumulator,
    [property: Id(3)] long Count,
    [property: Id(4)] long MaxEventTime);

/// <summary>Inputs applied one by one, each under its key and with its origin offset.</summary>
[GenerateSerializer, Immutable]
internal sealed class KeyedInputs<T>(List<KeyedInput<T>> entries)
{
    [Id(0)]
    public List<KeyedInput<T>> Entries { get; } = entries;
}

/// <summary>An input with its offset, event time and grouping key.</summary>
[GenerateSerializer, Immutable]
internal readonly record struct KeyedInput<T>(
    [property: Id(0)] long Offset,
    [property: Id(1)] long EventTime,
    [property: Id(2)] string Key,
    [property: Id(3)] T Value);

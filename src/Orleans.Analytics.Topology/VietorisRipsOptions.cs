namespace Orleans.Analytics.Topology;

/// <summary>Settings for a Vietoris–Rips persistence computation.</summary>
public sealed record VietorisRipsOptions
{
    /// <summary>Largest edge length (Euclidean distance) admitted into the complex. Default <c>1.0</c>.
    /// <see cref="double.PositiveInfinity"/> admits every edge.</summary>
    public double MaxEdgeLength { get; init; } = 1.0;

    /// <summary>Highest homology dimension reported (0..MaxDimension). Default <c>2</c>.</summary>
    public int MaxDimension { get; init; } = 2;

    /// <summary>Worker threads for distance building and column assembly. Default <c>1</c>.</summary>
    public int NumThreads { get; init; } = 1;

    /// <summary>Wall-clock limit in seconds; exceeding it raises <see cref="TimeoutException"/>. Default <c>300</c>.</summary>
    public double TimeoutSeconds { get; init; } = 300;

    /// <summary>Memory budget in megabytes, checked against an estimate before large allocations. Default <c>1024</c>.</summary>
    public int MemoryLimitMb { get; init; } = 1024;

    /// <summary>Above this many points the cloud is reduced by maxmin landmark sampling. Default <c>10000</c>.</summary>
    public int MaxPoints { get; init; } = 10000;
}

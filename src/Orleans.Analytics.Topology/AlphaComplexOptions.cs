namespace Orleans.Analytics.Topology;

/// <summary>Settings for an alpha-complex persistence computation (2-D and 3-D point clouds).</summary>
public sealed record AlphaComplexOptions
{
    /// <summary>Largest filtration value kept, in squared-radius units (GUDHI's <c>max_alpha_square</c>).
    /// Default <c>1.0</c>; <see cref="double.PositiveInfinity"/> keeps the whole Delaunay complex.</summary>
    public double MaxAlphaValue { get; init; } = 1.0;

    /// <summary>Highest homology dimension reported. Default <c>2</c>.</summary>
    public int MaxDimension { get; init; } = 2;

    /// <summary>Worker threads. Default <c>1</c>.</summary>
    public int NumThreads { get; init; } = 1;

    /// <summary>Wall-clock limit in seconds; exceeding it raises <see cref="TimeoutException"/>. Default <c>300</c>.</summary>
    public double TimeoutSeconds { get; init; } = 300;

    /// <summary>Memory budget in megabytes, checked against an estimate before large allocations. Default <c>1024</c>.</summary>
    public int MemoryLimitMb { get; init; } = 1024;

    /// <summary>Above this many points the cloud is reduced by maxmin landmark sampling. Default <c>10000</c>.</summary>
    public int MaxPoints { get; init; } = 10000;
}

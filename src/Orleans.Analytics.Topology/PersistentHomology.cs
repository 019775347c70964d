using System.Diagnostics;
using Orleans.Analytics.Topology.Alpha;
using Orleans.Analytics.Topology.Input;
using Orleans.Analytics.Topology.Limits;
using Orleans.Analytics.Topology.Rips;

namespace Orleans.Analytics.Topology;

/// <summary>Entry points for persistent homology of point clouds.</summary>
public static class PersistentHomology
{
    /// <summary>Algorithm name of <see cref="ComputeVietorisRips(IReadOnlyList{double[]}, VietorisRipsOptions?, CancellationToken)"/>.</summary>
    public const string VietorisRips = "vietoris_rips";

    /// <summary>Algorithm name of <see cref="ComputeAlphaComplex(IReadOnlyList{double[]}, AlphaComplexOptions?, CancellationToken)"/>.</summary>
    public const string AlphaComplex = "alpha_complex";

    /// <summary>Vietoris–Rips persistence over Z/2 of points given as rows.</summary>
    /// <exception cref="PointCloudException">The cloud is malformed (non-finite values, mixed dimensions, too few points).</exception>
    /// <exception cref="MemoryLimitExceededException">The estimated size exceeds <see cref="VietorisRipsOptions.MemoryLimitMb"/>.</exception>
    /// <exception cref="TimeoutException">The computation exceeded <see cref="VietorisRipsOptions.TimeoutSeconds"/>.</exception>
    public static PersistenceResult ComputeVietorisRips(
        IReadOnlyList<double[]> points, VietorisRipsOptions? options = null, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        return ComputeVietorisRips(PointCloud.FromRows(points), options ?? new VietorisRipsOptions(), start, cancellationToken);
    }

    /// <summary>Vietoris–Rips persistence over Z/2 of points stored row-major in <paramref name="coordinates"/>.</summary>
    /// <exception cref="PointCloudException">The cloud is malformed.</exception>
    public static PersistenceResult ComputeVietorisRips(
        ReadOnlySpan<double> coordinates, int dimension, VietorisRipsOptions? options = null, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        return ComputeVietorisRips(PointCloud.FromFlat(coordinates, dimension), options ?? new VietorisRipsOptions(), start, cancellationToken);
    }

    /// <summary>Alpha-complex persistence over Z/2 (filtration values are squared radii) of 2-D or 3-D points given as rows.</summary>
    /// <exception cref="PointCloudException">The cloud is malformed or not 2-D/3-D.</exception>
    /// <exception cref="MemoryLimitExceededException">The estimated size exceeds <see cref="AlphaComplexOptions.MemoryLimitMb"/>.</exception>
    /// <exception cref="TimeoutException">The computation exceeded <see cref="AlphaComplexOptions.TimeoutSeconds"/>.</exception>
    public static PersistenceResult ComputeAlphaComplex(
        IReadOnlyList<double[]> points, AlphaComplexOptions? options = null, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        return ComputeAlphaComplex(PointCloud.FromRows(points), options ?? new AlphaComplexOptions(), start, cancellationToken);
    }

    /// <summary>Alpha-complex persistence of points stored row-major in <paramref name="coordinates"/>.</summary>
    /// <exception cref="PointCloudException">The cloud is malformed or not 2-D/3-D.</exception>
    public static PersistenceResult ComputeAlphaComplex(
        ReadOnlySpan<double> coordinates, int dimension, AlphaComplexOptions? options = null, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        return ComputeAlphaComplex(PointCloud.FromFlat(coordinates, dimension), options ?? new AlphaComplexOptions(), start, cancellationToken);
    }

    private static PersistenceResult ComputeVietorisRips(PointCloud cloud, VietorisRipsOptions options, long start, CancellationToken cancellationToken)
    {
        ValidateCommon(options.MaxDimension, options.NumThreads, options.TimeoutSeconds, options.MemoryLimitMb, options.MaxPoints);
        if (double.IsNaN(options.MaxEdgeLength) || options.MaxEdgeLength < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxEdgeLength, "MaxEdgeLength must be a non-negative number.");
        }

        using var budget = new ComputeBudget(options.TimeoutSeconds, options.MemoryLimitMb, cancellationToken);
        var (used, subsampled) = Subsample(cloud, options.MaxPoints, options.NumThreads, budget);
        var pairs = RipsEngine.Compute(used, options, budget);
        return Finish(VietorisRips, pairs, options.MaxDimension, start, used.Count, cloud.Count, subsampled, 0);
    }

    private static PersistenceResult ComputeAlphaComplex(PointCloud cloud, AlphaComplexOptions options, long start, CancellationToken cancellationToken)
    {
        ValidateCommon(options.MaxDimension, options.NumThreads, options.TimeoutSeconds, options.MemoryLimitMb, options.MaxPoints);
        if (cloud.Dimension is not (2 or 3))
        {
            throw new PointCloudException($"The alpha complex supports 2-D and 3-D points only; the cloud is {cloud.Dimension}-D.");
        }

        if (double.IsNaN(options.MaxAlphaValue) || options.MaxAlphaValue < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxAlphaValue, "MaxAlphaValue must be a non-negative number.");
        }

        using var budget = new ComputeBudget(options.TimeoutSeconds, options.MemoryLimitMb, cancellationToken);
        var (used, subsampled) = Subsample(cloud, options.MaxPoints, options.NumThreads, budget);
        var outcome = AlphaEngine.Compute(used, options, budget);
        return Finish(AlphaComplex, outcome.Pairs, options.MaxDimension, start, outcome.DistinctPoints, cloud.Count, subsampled, used.Count - outcome.DistinctPoints);
    }

    private static (PointCloud Cloud, bool Subsampled) Subsample(PointCloud cloud, int maxPoints, int threads, ComputeBudget budget)
    {
        if (cloud.Count <= maxPoints)
        {
            return (cloud, false);
        }

        budget.Check();
        return (MaxMinSampler.Sample(cloud, maxPoints, threads), true);
    }

    private static void ValidateCommon(int maxDimension, int threads, double timeoutSeconds, int memoryLimitMb, int maxPoints)
    {
        if (maxDimension < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDimension), maxDimension, "MaxDimension must be 0 or more.");
        }

        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "NumThreads must be at least 1.");
        }

        if (!(timeoutSeconds > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(timeoutSeconds), timeoutSeconds, "TimeoutSeconds must be positive.");
        }

        if (memoryLimitMb < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(memoryLimitMb), memoryLimitMb, "MemoryLimitMb must be at least 1.");
        }

        if (maxPoints < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPoints), maxPoints, "MaxPoints must be at least 3.");
        }
    }

    private static PersistenceResult Finish(
        string algorithm, List<PersistencePair> pairs, int maxDimension, long start, int points, int inputPoints, bool subsampled, int duplicates)
    {
        pairs.RemoveAll(p => p.Dimension > maxDimension);
        pairs.Sort(static (a, b) =>
        {
            int c = a.Dimension.CompareTo(b.Dimension);
            if (c != 0)
            {
                return c;
            }

            c = a.Birth.CompareTo(b.Birth);
            return c != 0 ? c : a.Death.CompareTo(b.Death);
        });
        var betti = new int[maxDimension + 1];
        foreach (var p in pairs)
        {
            if (p.IsEssential)
            {
                betti[p.Dimension]++;
            }
        }

        return new PersistenceResult
        {
            Algorithm = algorithm,
            Pairs = pairs,
            BettiNumbers = betti,
            ComputationTime = Stopwatch.GetElapsedTime(start),
            NumPoints = points,
            InputPoints = inputPoints,
            Subsampled = subsampled,
            DuplicatesMerged = duplicates,
        };
    }
}

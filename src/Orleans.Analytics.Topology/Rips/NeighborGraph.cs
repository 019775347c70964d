using System.Runtime.CompilerServices;
using Orleans.Analytics.Topology.Input;
using Orleans.Analytics.Topology.Limits;

namespace Orleans.Analytics.Topology.Rips;

/// <summary>Neighbours within the threshold, per vertex, sorted by vertex id (CSR layout), with an optional
/// dense lower-triangular distance matrix for constant-time lookups.</summary>
internal sealed class NeighborGraph
{
    private const long DenseLimitBytes = 96L * 1024 * 1024;

    private NeighborGraph(int n, int[] offsets, int[] neighbors, double[] distances, double[]? dense, double threshold)
    {
        Count = n;
        Offsets = offsets;
        Neighbors = neighbors;
        Distances = distances;
        Dense = dense;
        Threshold = threshold;
    }

    public int Count { get; }

    public int[] Offsets { get; }

    public int[] Neighbors { get; }

    public double[] Distances { get; }

    public double[]? Dense { get; }

    public double Threshold { get; }

    public long EdgeCount => Neighbors.Length / 2;

    public static NeighborGraph Build(PointCloud cloud, double maxEdgeLength, int threads, ComputeBudget budget)
    {
        int n = cloud.Count;
        int d = cloud.Dimension;
        var x = cloud.Coordinates;
        var degree = new int[n];
        var farthest = new double[n];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = budget.Token };

        // First pass: degrees under the threshold and each point's farthest distance (for the enclosing radius).
        Run(() => Parallel.For(0, n, options, i =>
        {
            int count = 0;
            double far = 0;
            for (int j = 0; j < n; j++)
            {
                if (j == i)
                {
                    continue;
                }

                double dist = Distance(x, i, j, d);
                if (dist > far)
                {
                    far = dist;
                }

                if (dist <= maxEdgeLength)
                {
                    count++;
                }
            }

            degree[i] = count;
            farthest[i] = far;
        }), budget);

        // Above the enclosing radius the complex is a cone: no interval starts or ends there except H0's essential one.
        double enclosing = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            enclosing = Math.Min(enclosing, farthest[i]);
        }

        double threshold = Math.Min(maxEdgeLength, enclosing);
        if (threshold < maxEdgeLength)
        {
            Array.Clear(degree);
            Run(() => Parallel.For(0, n, options, i =>
            {
                int count = 0;
                for (int j = 0; j < n; j++)
                {
                    if (j != i && Distance(x, i, j, d) <= threshold)
                    {
                        count++;
                    }
                }

                degree[i] = count;
            }), budget);
        }

        long total = 0;
        for (int i = 0; i < n; i++)
        {
            total += degree[i];
        }

        long denseBytes = (long)n * (n - 1) / 2 * 8;
        bool useDense = denseBytes <= DenseLimitBytes && denseBytes * 4 <= (long)budget.MemoryLimitMb * 1024 * 1024;

        // CSR lists + edge list + columns + pivot map, all proportional to the edge count.
        double estimate = (total * 12.0) + (total / 2.0 * (16 + 16 + 24)) + (useDense ? denseBytes : 0);
        budget.EnsureMemory($"The Rips graph of {n} points with {total / 2} edges under the threshold {threshold}", estimate);
        if (total > int.MaxValue)
        {
            throw new MemoryLimitExceededException(
                $"The Rips graph with {total / 2} edges", estimate / (1024.0 * 1024.0), budget.MemoryLimitMb);
        }

        var offsets = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            offsets[i + 1] = offsets[i] + degree[i];
        }

        var neighbors = new int[total];
        var distances = new double[total];
        double[]? dense = useDense ? new double[denseBytes / 8] : null;
        Run(() => Parallel.For(0, n, options, i =>
        {
            int at = offsets[i];
            long row = (long)i * (i - 1) / 2;
            for (int j = 0; j < n; j++)
            {
                if (j == i)
                {
                    continue;
                }

                double dist = Distance(x, i, j, d);
                if (dense is not null && j < i)
                {
                    dense[row + j] = dist;
                }

                if (dist <= threshold)
                {
                    neighbors[at] = j;
                    distances[at] = dist;
                    at++;
                }
            }
        }), budget);

        return new NeighborGraph(n, offsets, neighbors, distances, dense, threshold);
    }

    /// <summary>Distance between two distinct vertices; <see cref="double.PositiveInfinity"/> when above the threshold
    /// and no dense matrix is kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Distance(int u, int v)
    {
        if (u < v)
        {
            (u, v) = (v, u);
        }

        if (Dense is not null)
        {
            return Dense[((long)u * (u - 1) / 2) + v];
        }

        int lo = Offsets[u];
        int hi = Offsets[u + 1] - 1;
        var nb = Neighbors;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            int w = nb[mid];
            if (w == v)
            {
                return Distances[mid];
            }

            if (w < v)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return double.PositiveInfinity;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Distance(double[] x, int i, int j, int d)
    {
        // Fixed operand order (smaller index first) keeps d(i, j) and d(j, i) bit-identical.
        if (i > j)
        {
            (i, j) = (j, i);
        }

        double s = 0;
        int a = i * d;
        int b = j * d;
        for (int k = 0; k < d; k++)
        {
            double t = x[a + k] - x[b + k];
            s += t * t;
        }

        return Math.Sqrt(s);
    }

    private static void Run(Action action, ComputeBudget budget)
    {
        try
        {
            action();
        }
        catch (OperationCanceledException ex)
        {
            budget.ThrowIfCancelled(ex);
        }
    }
}

using Orleans.Analytics.Topology.Delaunay;
using Orleans.Analytics.Topology.Input;
using Orleans.Analytics.Topology.Limits;
using Orleans.Analytics.Topology.Persistence;
using Orleans.Analytics.Topology.Predicates;

namespace Orleans.Analytics.Topology.Alpha;

/// <summary>Alpha-complex persistence: duplicates merged, Delaunay triangulation (with collinear and coplanar
/// special cases), GUDHI-style filtration, boundary reduction.</summary>
internal static class AlphaEngine
{
    public static AlphaOutcome Compute(PointCloud cloud, AlphaComplexOptions options, ComputeBudget budget)
    {
        int d = cloud.Dimension;

        // Roughly 7 tetrahedra per point in 3-D and 50 simplices of 100 bytes each with their maps.
        budget.EnsureMemory($"The alpha complex of {cloud.Count} points", cloud.Count * (d == 3 ? 60.0 : 20.0) * 120);
        var delaunay = Delaunay(cloud, budget);
        budget.Check();
        int n = delaunay.Count;
        var complex = AlphaFiltration.Build(delaunay.Cells, n, new Circumsphere(delaunay.Points, d), options.MaxAlphaValue);
        budget.Check();
        return new AlphaOutcome(BoundaryReducer.Reduce(complex, budget), n);
    }

    /// <summary>The Delaunay complex the filtration is built on: duplicates merged (first occurrence kept, as
    /// GUDHI does), then triangulated in spatial order.</summary>
    public static DelaunayComplex Delaunay(PointCloud cloud, ComputeBudget budget)
    {
        int d = cloud.Dimension;
        var points = Distinct(cloud);
        int n = points.Length / d;
        var order = SpatialOrder(points, n, d);
        return new DelaunayComplex(points, d, Triangulate(points, n, d, order, budget));
    }

    private static List<int[]> Triangulate(double[] points, int n, int d, int[] order, ComputeBudget budget)
    {
        if (n < 3)
        {
            return Path(points, n, d);
        }

        if (d == 3)
        {
            var tets = Delaunay3D.Triangulate(points, order, budget);
            if (tets is not null)
            {
                return tets;
            }
        }

        int a = order[0];
        int b = order[1];
        int c = -1;
        foreach (int i in order)
        {
            if (i != a && i != b && !Collinear(points, d, a, b, i))
            {
                c = i;
                break;
            }
        }

        if (c < 0)
        {
            return Path(points, n, d);
        }

        IPlanarPredicates predicates = d == 2 ? new PlanePredicates(points) : new EmbeddedPlanePredicates(points, a, b, c);
        return Delaunay2D.Triangulate(predicates, order, a, b, c, budget);
    }

    private static bool Collinear(double[] p, int d, int a, int b, int c)
    {
        for (int u = 0; u < d; u++)
        {
            for (int w = u + 1; w < d; w++)
            {
                if (GeometricPredicates.Orient2(p[(a * d) + u], p[(a * d) + w], p[(b * d) + u], p[(b * d) + w], p[(c * d) + u], p[(c * d) + w]) != 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Collinear points: the Delaunay complex is the path through them in lexicographic order.</summary>
    private static List<int[]> Path(double[] p, int n, int d)
    {
        var ids = Enumerable.Range(0, n).ToArray();
        Array.Sort(ids, (x, y) => p.AsSpan(x * d, d).SequenceCompareTo(p.AsSpan(y * d, d)));
        var edges = new List<int[]>(n - 1);
        for (int i = 0; i + 1 < n; i++)
        {
            edges.Add([ids[i], ids[i + 1]]);
        }

        return edges;
    }

    private static double[] Distinct(PointCloud cloud)
    {
        int d = cloud.Dimension;
        var seen = new HashSet<(double, double, double)>();
        var kept = new List<double>(cloud.Coordinates.Length);
        for (int i = 0; i < cloud.Count; i++)
        {
            var p = cloud.Point(i);
            var key = (p[0] + 0.0, p[1] + 0.0, d == 3 ? p[2] + 0.0 : 0.0);
            if (seen.Add(key))
            {
                foreach (double v in p)
                {
                    kept.Add(v);
                }
            }
        }

        return kept.ToArray();
    }

    /// <summary>Morton (Z-curve) order so consecutive insertions are close and point location walks are short.</summary>
    public static int[] SpatialOrder(double[] p, int n, int d)
    {
        Span<double> lo = stackalloc double[3];
        Span<double> hi = stackalloc double[3];
        lo.Fill(double.PositiveInfinity);
        hi.Fill(double.NegativeInfinity);
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < d; k++)
            {
                lo[k] = Math.Min(lo[k], p[(i * d) + k]);
                hi[k] = Math.Max(hi[k], p[(i * d) + k]);
            }
        }

        var keys = new long[n];
        for (int i = 0; i < n; i++)
        {
            long key = 0;
            for (int k = 0; k < d; k++)
            {
                double span = hi[k] - lo[k];
                long q = span > 0 ? (long)Math.Min(1023, (p[(i * d) + k] - lo[k]) / span * 1024) : 0;
                for (int bit = 0; bit < 10; bit++)
                {
                    key |= ((q >> bit) & 1) << ((bit * d) + k);
                }
            }

            keys[i] = (key << 21) | (uint)i;
        }

        Array.Sort(keys);
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = (int)(keys[i] & ((1 << 21) - 1));
        }

        return order;
    }
}

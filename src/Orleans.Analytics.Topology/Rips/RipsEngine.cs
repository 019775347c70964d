using Orleans.Analytics.Topology.Input;
using Orleans.Analytics.Topology.Limits;

namespace Orleans.Analytics.Topology.Rips;

/// <summary>Vietoris–Rips persistence by cohomology with clearing: H0 by union–find over sorted edges, then each
/// higher dimension by reducing its coboundary matrix in reverse filtration order.</summary>
internal static class RipsEngine
{
    public static List<PersistencePair> Compute(PointCloud cloud, VietorisRipsOptions options, ComputeBudget budget)
    {
        int threads = Math.Max(1, options.NumThreads);
        var graph = NeighborGraph.Build(cloud, options.MaxEdgeLength, threads, budget);
        var complex = new RipsComplex(graph, options.MaxDimension);
        var pairs = new List<PersistencePair>();
        var edges = Edges(complex, threads);
        budget.Check();
        var columns = DimensionZero(complex, edges, pairs, budget);
        var simplices = edges;
        int simplexCount = edges.Length;
        var reducer = new RipsReducer(complex, budget);
        for (int dim = 1; dim <= options.MaxDimension; dim++)
        {
            var pivots = reducer.Reduce(columns.Items, columns.Count, dim, pairs);
            if (dim == options.MaxDimension)
            {
                break;
            }

            bool keepSimplices = dim + 1 < options.MaxDimension;
            EstimateNext(complex, simplexCount, dim + 1, keepSimplices, budget);
            var (nextColumns, nextSimplices) = ColumnAssembler.Assemble(
                complex, simplices, simplexCount, dim, pivots, keepSimplices, threads, budget);
            columns = nextColumns;
            simplices = nextSimplices.Items;
            simplexCount = nextSimplices.Count;
        }

        return pairs;
    }

    private static Entry[] Edges(RipsComplex complex, int threads)
    {
        var graph = complex.Graph;
        int n = graph.Count;
        var offsets = graph.Offsets;
        var nb = graph.Neighbors;
        var dist = graph.Distances;

        // Edge u > v is stored at u's row: count the lower neighbours per vertex to place them.
        var start = new long[n + 1];
        for (int u = 0; u < n; u++)
        {
            int lower = 0;
            for (int p = offsets[u]; p < offsets[u + 1] && nb[p] < u; p++)
            {
                lower++;
            }

            start[u + 1] = start[u] + lower;
        }

        var edges = new Entry[start[n]];
        var binomials = complex.Binomials;
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = threads }, u =>
        {
            long at = start[u];
            long baseIndex = binomials.C(u, 2);
            for (int p = offsets[u]; p < offsets[u + 1] && nb[p] < u; p++)
            {
                edges[at++] = new Entry(dist[p], baseIndex + nb[p]);
            }
        });
        ParallelSort.Sort(edges, edges.Length, threads);
        return edges;
    }

    private static EntryList DimensionZero(RipsComplex complex, Entry[] edges, List<PersistencePair> pairs, ComputeBudget budget)
    {
        int n = complex.Count;
        var sets = new UnionFind(n);
        var columns = new EntryList(Math.Max(16, edges.Length / 4));
        var scratch = complex.CreateScratch();
        Span<int> vertices = stackalloc int[2];
        for (int i = 0; i < edges.Length; i++)
        {
            if ((i & 4095) == 0)
            {
                budget.Check();
            }

            var e = edges[i];
            complex.Vertices(e.Index, 1, vertices);
            int a = sets.Find(vertices[0]);
            int b = sets.Find(vertices[1]);
            if (a != b)
            {
                sets.Link(a, b);
                if (e.Diameter > 0)
                {
                    pairs.Add(new PersistencePair(0, 0, e.Diameter));
                }
            }
            else if (complex.MaxDimension >= 1 && complex.ZeroApparentCofacet(vertices, 1, e, scratch).IsNone)
            {
                columns.Add(e);
            }
        }

        for (int v = 0; v < n; v++)
        {
            if (sets.Find(v) == v)
            {
                pairs.Add(new PersistencePair(0, 0, double.PositiveInfinity));
            }
        }

        Array.Reverse(columns.Items, 0, columns.Count);
        return columns;
    }

    private static void EstimateNext(RipsComplex complex, int simplexCount, int dim, bool keepSimplices, ComputeBudget budget)
    {
        // Upper bound on the (dim)-simplices: each vertex v contributes C(deg(v), dim) cliques at most,
        // each simplex being counted once per vertex.
        var offsets = complex.Graph.Offsets;
        double count = 0;
        for (int v = 0; v < complex.Count; v++)
        {
            double deg = offsets[v + 1] - offsets[v];
            double c = 1;
            for (int k = 0; k < dim; k++)
            {
                c *= (deg - k) / (k + 1);
            }

            count += Math.Max(0, c);
        }

        count /= dim + 1;
        double bytes = count * 16 * (keepSimplices ? 2 : 1);
        budget.EnsureMemory($"The {dim}-simplices of the Rips complex ({count:F0} at most, from {simplexCount} faces)", bytes);
    }
}

using System.Runtime.CompilerServices;

namespace Orleans.Analytics.Topology.Rips;

/// <summary>The implicit Vietoris–Rips complex: simplices are indices in the combinatorial number system,
/// their (co)faces are enumerated on demand. Hosts the zero-persistence apparent-pair tests.</summary>
internal sealed class RipsComplex
{
    public RipsComplex(NeighborGraph graph, int maxDimension)
    {
        Graph = graph;
        Count = graph.Count;
        MaxDimension = maxDimension;
        Binomials = new Binomials(graph.Count, maxDimension + 2);
    }

    public NeighborGraph Graph { get; }

    public Binomials Binomials { get; }

    public int Count { get; }

    public int MaxDimension { get; }

    public RipsScratch CreateScratch() => new(MaxDimension + 3);

    public void Vertices(long index, int dim, Span<int> descending) => Binomials.Vertices(index, dim, Count, descending);

    /// <summary>The latest facet (in filtration order) having the simplex's own diameter, or none.</summary>
    public Entry ZeroPivotFacet(ReadOnlySpan<int> vertices, int dim, in Entry simplex, Span<int> facetVertices, double[] pairs)
    {
        int k = dim + 1;
        var graph = Graph;
        for (int a = 0; a < k; a++)
        {
            for (int b = a + 1; b < k; b++)
            {
                double dist = graph.Distance(vertices[a], vertices[b]);
                pairs[(a * k) + b] = dist;
            }
        }

        double target = simplex.Diameter;

        // Removing the largest remaining vertex first visits facets in increasing index order: the first match
        // is the latest facet in the filtration.
        for (int m = 0; m < k; m++)
        {
            double diam = 0;
            for (int a = 0; a < k; a++)
            {
                if (a == m)
                {
                    continue;
                }

                for (int b = a + 1; b < k; b++)
                {
                    if (b != m && pairs[(a * k) + b] > diam)
                    {
                        diam = pairs[(a * k) + b];
                    }
                }
            }

            if (diam == target)
            {
                long index = 0;
                int o = 0;
                for (int a = 0; a < k; a++)
                {
                    if (a == m)
                    {
                        continue;
                    }

                    facetVertices[o] = vertices[a];
                    index += Binomials.C(vertices[a], dim - o);
                    o++;
                }

                return new Entry(diam, index);
            }
        }

        return Entry.None;
    }

    /// <summary>The earliest cofacet when it has the simplex's own diameter, or none.</summary>
    public Entry ZeroPivotCofacet(ReadOnlySpan<int> vertices, int dim, in Entry simplex, Span<int> enumeratorScratch, out int newVertex)
    {
        var cofacets = new CofacetEnumerator(Graph, Binomials, vertices, dim, simplex, enumeratorScratch);
        while (cofacets.MoveNext(true, out var cofacet))
        {
            if (cofacet.Diameter == simplex.Diameter)
            {
                newVertex = cofacets.NewVertex;
                return cofacet;
            }
        }

        newVertex = -1;
        return Entry.None;
    }

    /// <summary>The cofacet forming a zero-persistence apparent pair with the simplex, or none.</summary>
    public Entry ZeroApparentCofacet(ReadOnlySpan<int> vertices, int dim, in Entry simplex, RipsScratch scratch)
    {
        var cofacet = ZeroPivotCofacet(vertices, dim, simplex, scratch.InnerEnumerator, out int x);
        if (cofacet.IsNone)
        {
            return cofacet;
        }

        var cv = scratch.CofacetVertices.AsSpan(0, dim + 2);
        InsertVertex(vertices[..(dim + 1)], x, cv);
        var facet = ZeroPivotFacet(cv, dim + 1, cofacet, scratch.FacetVertices, scratch.PairDistances);
        return facet.Index == simplex.Index ? cofacet : Entry.None;
    }

    /// <summary>The facet forming a zero-persistence apparent pair with the simplex, or none.</summary>
    public Entry ZeroApparentFacet(ReadOnlySpan<int> vertices, int dim, in Entry simplex, RipsScratch scratch)
    {
        var facet = ZeroPivotFacet(vertices, dim, simplex, scratch.FacetVertices, scratch.PairDistances);
        if (facet.IsNone)
        {
            return facet;
        }

        var cofacet = ZeroPivotCofacet(scratch.FacetVertices.AsSpan(0, dim), dim - 1, facet, scratch.InnerEnumerator, out _);
        return cofacet.Index == simplex.Index ? facet : Entry.None;
    }

    public bool IsInZeroApparentPair(ReadOnlySpan<int> vertices, int dim, in Entry simplex, RipsScratch scratch) =>
        !ZeroApparentCofacet(vertices, dim, simplex, scratch).IsNone
        || !ZeroApparentFacet(vertices, dim, simplex, scratch).IsNone;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InsertVertex(ReadOnlySpan<int> descending, int x, Span<int> result)
    {
        int o = 0;
        int i = 0;
        while (i < descending.Length && descending[i] > x)
        {
            result[o++] = descending[i++];
        }

        result[o++] = x;
        while (i < descending.Length)
        {
            result[o++] = descending[i++];
        }
    }
}

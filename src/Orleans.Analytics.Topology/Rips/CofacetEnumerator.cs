using System.Runtime.CompilerServices;

namespace Orleans.Analytics.Topology.Rips;

/// <summary>Enumerates the cofacets of a simplex within the threshold by intersecting the neighbour lists of its
/// vertices from the top down, yielding cofacets in decreasing index order. Each cofacet's index is derived
/// incrementally from the simplex index in the combinatorial number system.</summary>
internal ref struct CofacetEnumerator
{
    private readonly ReadOnlySpan<int> _vertices;
    private readonly Span<int> _position;
    private readonly Span<int> _end;
    private readonly int[] _neighbors;
    private readonly double[] _distances;
    private readonly Binomials _binomials;
    private readonly double _diameter;
    private readonly int _dim;
    private long _indexBelow;
    private long _indexAbove;
    private int _above;

    // vertices: the simplex's vertices, descending; scratch: at least 2 × (dim + 1) ints.
    public CofacetEnumerator(NeighborGraph graph, Binomials binomials, ReadOnlySpan<int> vertices, int dim, Entry simplex, Span<int> scratch)
    {
        _vertices = vertices;
        _dim = dim;
        _position = scratch[..(dim + 1)];
        _end = scratch.Slice(dim + 1, dim + 1);
        _neighbors = graph.Neighbors;
        _distances = graph.Distances;
        _binomials = binomials;
        _diameter = simplex.Diameter;
        _indexBelow = simplex.Index;
        _indexAbove = 0;
        _above = 0;
        var offsets = graph.Offsets;
        for (int m = 0; m <= dim; m++)
        {
            _position[m] = offsets[vertices[m] + 1] - 1;
            _end[m] = offsets[vertices[m]];
        }

        NewVertex = -1;
    }

    /// <summary>The vertex added by the last cofacet returned.</summary>
    public int NewVertex { get; private set; }

    /// <summary>Advances to the next cofacet; with <paramref name="all"/> false only cofacets whose new vertex
    /// exceeds every vertex of the simplex are produced.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MoveNext(bool all, out Entry cofacet)
    {
        var nb = _neighbors;
        var dist = _distances;
        int dim = _dim;
        var position = _position;
        var end = _end;
        int p0 = position[0];
        int e0 = end[0];
        while (p0 >= e0)
        {
            int x = nb[p0];
            if (!all && x < _vertices[0])
            {
                break;
            }

            double maxd = dist[p0];
            p0--;
            bool common = true;
            for (int m = 1; m <= dim; m++)
            {
                int p = position[m];
                int e = end[m];
                while (p >= e && nb[p] > x)
                {
                    p--;
                }

                position[m] = p;
                if (p < e)
                {
                    position[0] = p0;
                    cofacet = Entry.None;
                    return false;
                }

                if (nb[p] != x)
                {
                    common = false;
                    break;
                }

                double dm = dist[p];
                if (dm > maxd)
                {
                    maxd = dm;
                }
            }

            if (!common)
            {
                continue;
            }

            while (_above <= dim && _vertices[_above] > x)
            {
                if (!all)
                {
                    position[0] = p0;
                    cofacet = Entry.None;
                    return false;
                }

                _indexBelow -= _binomials.C(_vertices[_above], dim + 1 - _above);
                _indexAbove += _binomials.C(_vertices[_above], dim + 2 - _above);
                _above++;
            }

            position[0] = p0;
            NewVertex = x;
            cofacet = new Entry(
                maxd > _diameter ? maxd : _diameter,
                _indexAbove + _binomials.C(x, dim + 2 - _above) + _indexBelow);
            return true;
        }

        position[0] = p0;
        cofacet = Entry.None;
        return false;
    }
}

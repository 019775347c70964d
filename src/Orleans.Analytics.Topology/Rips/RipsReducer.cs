using Orleans.Analytics.Topology.Limits;

namespace Orleans.Analytics.Topology.Rips;

/// <summary>Reduces the coboundary matrix of one dimension, columns in reverse filtration order, with the
/// emergent-pair shortcut and apparent-pair substitution.</summary>
internal sealed class RipsReducer
{
    private readonly RipsComplex _complex;
    private readonly RipsScratch _scratch;
    private readonly EntryHeap _coboundary = new();
    private readonly EntryHeap _reduction = new();
    private readonly ComputeBudget _budget;
    private Entry[] _buffer = new Entry[256];

    public RipsReducer(RipsComplex complex, ComputeBudget budget)
    {
        _complex = complex;
        _budget = budget;
        _scratch = complex.CreateScratch();
    }

    /// <summary>Reduces <paramref name="columns"/> (dimension <paramref name="dim"/>) and returns the pivots found.</summary>
    public PivotMap Reduce(Entry[] columns, int count, int dim, List<PersistencePair> pairs)
    {
        var pivots = new PivotMap(count);
        var stored = new ReductionColumns(count);
        var vertices = _scratch.OuterVertices.AsSpan(0, dim + 2);
        for (int c = 0; c < count; c++)
        {
            if ((c & 255) == 0)
            {
                _budget.Check();
            }

            var column = columns[c];
            _coboundary.Clear();
            _reduction.Clear();
            var pivot = InitialPivot(column, dim, pivots);
            while (true)
            {
                if (pivot.IsNone)
                {
                    pairs.Add(new PersistencePair(dim, column.Diameter, double.PositiveInfinity));
                    break;
                }

                if (pivots.TryGet(pivot.Index, out int other))
                {
                    AddColumn(columns[other], dim);
                    foreach (var e in stored.Column(other))
                    {
                        AddColumn(e, dim);
                    }

                    pivot = _coboundary.Pivot();
                    continue;
                }

                _complex.Vertices(pivot.Index, dim + 1, vertices);
                var apparent = _complex.ZeroApparentFacet(vertices, dim + 1, pivot, _scratch);
                if (!apparent.IsNone)
                {
                    AddColumn(apparent, dim);
                    pivot = _coboundary.Pivot();
                    continue;
                }

                if (pivot.Diameter > column.Diameter)
                {
                    pairs.Add(new PersistencePair(dim, column.Diameter, pivot.Diameter));
                }

                pivots.Add(pivot.Index, c);
                stored.Store(c, _reduction);
                break;
            }
        }

        return pivots;
    }

    private Entry InitialPivot(Entry column, int dim, PivotMap pivots)
    {
        var vertices = _scratch.OuterVertices.AsSpan(0, dim + 1);
        _complex.Vertices(column.Index, dim, vertices);
        var cofacets = new CofacetEnumerator(_complex.Graph, _complex.Binomials, vertices, dim, column, _scratch.OuterEnumerator);
        int n = 0;
        bool checkEmergent = true;
        Span<int> cv = stackalloc int[dim + 2];
        while (cofacets.MoveNext(true, out var cofacet))
        {
            if (n == _buffer.Length)
            {
                Array.Resize(ref _buffer, n * 2);
            }

            _buffer[n++] = cofacet;
            if (checkEmergent && cofacet.Diameter == column.Diameter)
            {
                if (!pivots.Contains(cofacet.Index))
                {
                    RipsComplex.InsertVertex(vertices, cofacets.NewVertex, cv);
                    if (_complex.ZeroApparentFacet(cv, dim + 1, cofacet, _scratch).IsNone)
                    {
                        return cofacet;
                    }
                }

                checkEmergent = false;
            }
        }

        for (int i = 0; i < n; i++)
        {
            _coboundary.Push(_buffer[i]);
        }

        return _coboundary.Pivot();
    }

    private void AddColumn(Entry simplex, int dim)
    {
        _reduction.Push(simplex);
        var vertices = _scratch.CofacetVertices.AsSpan(0, dim + 1);
        _complex.Vertices(simplex.Index, dim, vertices);
        var cofacets = new CofacetEnumerator(_complex.Graph, _complex.Binomials, vertices, dim, simplex, _scratch.OuterEnumerator);
        while (cofacets.MoveNext(true, out var cofacet))
        {
            _coboundary.Push(cofacet);
        }
    }
}

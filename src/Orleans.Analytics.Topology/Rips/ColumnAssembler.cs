using Orleans.Analytics.Topology.Limits;

namespace Orleans.Analytics.Topology.Rips;

/// <summary>Builds the columns of the next dimension: every simplex within the threshold that is neither cleared
/// (a pivot of the previous dimension) nor part of a zero-persistence apparent pair, in reverse filtration order.</summary>
internal static class ColumnAssembler
{
    public static (EntryList Columns, EntryList Simplices) Assemble(
        RipsComplex complex,
        Entry[] simplices,
        int count,
        int dim,
        PivotMap pivots,
        bool keepSimplices,
        int threads,
        ComputeBudget budget)
    {
        int chunks = threads == 1 ? 1 : Math.Min(threads * 16, Math.Max(1, count / 256));
        var columnParts = new EntryList[chunks];
        var simplexParts = new EntryList[chunks];
        var token = budget.Token;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, chunk =>
        {
            int from = (int)((long)count * chunk / chunks);
            int to = (int)((long)count * (chunk + 1) / chunks);
            var scratch = complex.CreateScratch();
            var columns = new EntryList((to - from) / 2);
            var next = new EntryList(keepSimplices ? to - from : 4);
            Span<int> vertices = stackalloc int[dim + 1];
            Span<int> cofacetVertices = stackalloc int[dim + 2];
            for (int i = from; i < to; i++)
            {
                if ((i & 1023) == 0 && token.IsCancellationRequested)
                {
                    break;
                }

                var simplex = simplices[i];
                complex.Vertices(simplex.Index, dim, vertices);
                var cofacets = new CofacetEnumerator(complex.Graph, complex.Binomials, vertices, dim, simplex, scratch.OuterEnumerator);
                while (cofacets.MoveNext(false, out var cofacet))
                {
                    if (keepSimplices)
                    {
                        next.Add(cofacet);
                    }

                    if (pivots.Contains(cofacet.Index))
                    {
                        continue;
                    }

                    RipsComplex.InsertVertex(vertices, cofacets.NewVertex, cofacetVertices);
                    if (!complex.IsInZeroApparentPair(cofacetVertices, dim + 1, cofacet, scratch))
                    {
                        columns.Add(cofacet);
                    }
                }
            }

            columnParts[chunk] = columns;
            simplexParts[chunk] = next;
        });
        budget.Check();

        var allColumns = Concat(columnParts);
        var allSimplices = keepSimplices ? Concat(simplexParts) : new EntryList(4);
        ParallelSort.SortDescending(allColumns.Items, allColumns.Count, threads);
        return (allColumns, allSimplices);
    }

    private static EntryList Concat(EntryList[] parts)
    {
        int total = 0;
        foreach (var p in parts)
        {
            total += p.Count;
        }

        var all = new EntryList(total);
        foreach (var p in parts)
        {
            all.AddRange(p);
        }

        return all;
    }
}

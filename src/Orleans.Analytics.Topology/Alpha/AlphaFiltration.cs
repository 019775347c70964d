using Orleans.Analytics.Topology.Persistence;

namespace Orleans.Analytics.Topology.Alpha;

/// <summary>Assigns alpha filtration values to the Delaunay complex as GUDHI does: from the top dimension down,
/// a simplex without a value gets its squared circumradius; each facet then takes the minimum of its cofaces'
/// values if it already has one, or its coface's value if it is not Gabriel (the opposite vertex lies strictly
/// inside its smallest circumsphere). Vertices get 0; values are then made non-decreasing along faces.</summary>
internal static class AlphaFiltration
{
    public static FilteredComplex Build(List<int[]> cells, int pointCount, Circumsphere geometry, double maxValue)
    {
        int top = cells.Count == 0 ? 0 : cells[0].Length - 1;
        var byDim = new List<int[]>[top + 1];
        var index = new Dictionary<(int, int, int, int), int>[top + 1];
        for (int d = 0; d <= top; d++)
        {
            byDim[d] = [];
            index[d] = [];
        }

        for (int v = 0; v < pointCount; v++)
        {
            Add(byDim, index, [v]);
        }

        foreach (var cell in cells)
        {
            var sorted = (int[])cell.Clone();
            Array.Sort(sorted);
            AddWithFaces(byDim, index, sorted);
        }

        for (int d = 0; d <= top; d++)
        {
            byDim[d].Sort(static (x, y) => ((ReadOnlySpan<int>)x).SequenceCompareTo(y));
            index[d].Clear();
            for (int i = 0; i < byDim[d].Count; i++)
            {
                index[d][Key(byDim[d][i])] = i;
            }
        }

        var values = new double[top + 1][];
        for (int d = 0; d <= top; d++)
        {
            values[d] = new double[byDim[d].Count];
            Array.Fill(values[d], double.NaN);
        }

        Span<int> face = stackalloc int[4];
        for (int d = top; d >= 1; d--)
        {
            for (int i = 0; i < byDim[d].Count; i++)
            {
                var s = byDim[d][i];
                if (double.IsNaN(values[d][i]))
                {
                    values[d][i] = geometry.Radius2(s);
                }

                if (d == 1)
                {
                    continue;
                }

                for (int drop = 0; drop <= d; drop++)
                {
                    var f = Facet(s, drop, face);
                    int fi = index[d - 1][Key(f)];
                    ref double fv = ref values[d - 1][fi];
                    if (!double.IsNaN(fv))
                    {
                        fv = Math.Min(fv, values[d][i]);
                    }
                    else if (geometry.Encroaches(f, s[drop]))
                    {
                        fv = values[d][i];
                    }
                }
            }
        }

        Array.Fill(values[0], 0.0);

        // Keep the filtration monotone along faces.
        for (int d = 1; d <= top; d++)
        {
            for (int i = 0; i < byDim[d].Count; i++)
            {
                var s = byDim[d][i];
                for (int drop = 0; drop <= d; drop++)
                {
                    double fv = values[d - 1][index[d - 1][Key(Facet(s, drop, face))]];
                    if (fv > values[d][i])
                    {
                        values[d][i] = fv;
                    }
                }
            }
        }

        return Order(byDim, index, values, maxValue);
    }

    private static FilteredComplex Order(List<int[]>[] byDim, Dictionary<(int, int, int, int), int>[] index, double[][] values, double maxValue)
    {
        var all = new List<(double Value, int Dim, int Local)>();
        for (int d = 0; d < byDim.Length; d++)
        {
            for (int i = 0; i < byDim[d].Count; i++)
            {
                if (values[d][i] <= maxValue)
                {
                    all.Add((values[d][i], d, i));
                }
            }
        }

        all.Sort();
        var position = new Dictionary<(int, int), int>(all.Count);
        var dims = new int[all.Count];
        var vals = new double[all.Count];
        var boundaries = new int[all.Count][];
        Span<int> face = stackalloc int[4];
        for (int p = 0; p < all.Count; p++)
        {
            var (value, d, local) = all[p];
            position[(d, local)] = p;
            dims[p] = d;
            vals[p] = value;
            var b = new int[d == 0 ? 0 : d + 1];
            if (d > 0)
            {
                var s = byDim[d][local];
                for (int drop = 0; drop <= d; drop++)
                {
                    b[drop] = position[(d - 1, index[d - 1][Key(Facet(s, drop, face))])];
                }
            }

            boundaries[p] = b;
        }

        return new FilteredComplex(dims, vals, boundaries);
    }

    private static void AddWithFaces(List<int[]>[] byDim, Dictionary<(int, int, int, int), int>[] index, int[] simplex)
    {
        if (!Add(byDim, index, simplex) || simplex.Length <= 2)
        {
            return;
        }

        for (int drop = 0; drop < simplex.Length; drop++)
        {
            var f = new int[simplex.Length - 1];
            int o = 0;
            for (int k = 0; k < simplex.Length; k++)
            {
                if (k != drop)
                {
                    f[o++] = simplex[k];
                }
            }

            AddWithFaces(byDim, index, f);
        }
    }

    private static bool Add(List<int[]>[] byDim, Dictionary<(int, int, int, int), int>[] index, int[] simplex)
    {
        int d = simplex.Length - 1;
        if (!index[d].TryAdd(Key(simplex), byDim[d].Count))
        {
            return false;
        }

        byDim[d].Add(simplex);
        return true;
    }

    private static ReadOnlySpan<int> Facet(int[] simplex, int drop, Span<int> buffer)
    {
        int o = 0;
        for (int k = 0; k < simplex.Length; k++)
        {
            if (k != drop)
            {
                buffer[o++] = simplex[k];
            }
        }

        return buffer[..o];
    }

    private static (int, int, int, int) Key(ReadOnlySpan<int> s) =>
        (s[0], s.Length > 1 ? s[1] : -1, s.Length > 2 ? s[2] : -1, s.Length > 3 ? s[3] : -1);
}

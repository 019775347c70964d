using Orleans.Analytics.Topology.Persistence;

namespace Orleans.Analytics.Topology.Alpha;

/// <summary>Assigns alpha filtration values to the Delaunay complex as GUDHI does: from the top dimension down,
/// a simplex without a value gets its squared circumradius; each facet then takes the minimum of its cofaces'
/// values if it already has one, or its coface's value if it is not Gabriel (the opposite vertex lies strictly
/// inside its smallest circumsphere). Vertices get 0; values are then made non-decreasing along faces.
/// <para>Simplices of each dimension are kept in lexicographic order of their sorted vertex ids, and cofaces are
/// visited in that order, which is the order of GUDHI's simplex tree. Faces are found by sorting packed keys
/// (21 bits per vertex id) rather than through hash maps.</para></summary>
internal static class AlphaFiltration
{
    private const int IdBits = 21;

    public static FilteredComplex Build(List<int[]> cells, int pointCount, Circumsphere geometry, double maxValue)
    {
        if (pointCount >= 1 << IdBits)
        {
            throw new ArgumentOutOfRangeException(nameof(pointCount), pointCount, "The alpha complex supports fewer than 2^21 points.");
        }

        int top = cells.Count == 0 ? 0 : cells[0].Length - 1;

        // simplices[d]: flat vertex ids, d + 1 per simplex, lexicographically sorted; facets[d]: per simplex the
        // ids of its facets (facet k omits vertex k).
        var simplices = new int[top + 1][];
        var facets = new int[top + 1][];
        var values = new double[top + 1][];
        simplices[0] = Enumerable.Range(0, pointCount).ToArray();
        if (top >= 1)
        {
            simplices[top] = SortedCells(cells, top);
            int count = cells.Count;
            values[top] = new double[count];
            for (int i = 0; i < count; i++)
            {
                values[top][i] = geometry.Radius2(simplices[top].AsSpan(i * (top + 1), top + 1));
            }
        }

        for (int d = top; d >= 2; d--)
        {
            Faces(simplices[d], d, out simplices[d - 1], out facets[d], out var runs, out var entries);
            values[d - 1] = Propagate(simplices, values, d, runs, entries, geometry);
        }

        // The facets of an edge are its vertices.
        if (top >= 1)
        {
            facets[1] = simplices[1];
        }

        values[0] = new double[pointCount];

        // Keep the filtration monotone along faces.
        for (int d = 2; d <= top; d++)
        {
            for (int i = 0; i < values[d].Length; i++)
            {
                for (int k = 0; k <= d; k++)
                {
                    values[d][i] = Math.Max(values[d][i], values[d - 1][facets[d][(i * (d + 1)) + k]]);
                }
            }
        }

        return Order(values, facets, top, maxValue);
    }

    /// <summary>The cells with sorted vertices, in lexicographic order, flattened.</summary>
    private static int[] SortedCells(List<int[]> cells, int top)
    {
        int size = top + 1;
        var sorted = cells.Select(c => c.Order().ToArray()).ToArray();
        Array.Sort(sorted, static (x, y) => ((ReadOnlySpan<int>)x).SequenceCompareTo(y));
        var flat = new int[sorted.Length * size];
        for (int i = 0; i < sorted.Length; i++)
        {
            sorted[i].CopyTo(flat, i * size);
        }

        return flat;
    }

    /// <summary>The distinct facets of the d-simplices, lexicographically sorted, with each simplex's facet ids and,
    /// per facet, the run of (coface, opposite vertex) entries in coface order: entries[runs[j]..runs[j + 1]].</summary>
    private static void Faces(int[] simplices, int d, out int[] faces, out int[] facetIds, out int[] runs, out (int Coface, int Opposite)[] entries)
    {
        int size = d + 1;
        int count = simplices.Length / size;
        var keys = new long[count * size];
        var slots = new int[count * size];
        for (int i = 0; i < count; i++)
        {
            for (int k = 0; k < size; k++)
            {
                long key = 0;
                for (int j = 0; j < size; j++)
                {
                    if (j != k)
                    {
                        key = (key << IdBits) | (uint)simplices[(i * size) + j];
                    }
                }

                keys[(i * size) + k] = key;
                slots[(i * size) + k] = (i * size) + k;
            }
        }

        // Slots grow with the coface index, so ordering equal keys by slot visits cofaces in their order.
        Array.Sort(keys, slots);
        int n = keys.Length;
        var runStarts = new List<int>(n / 2);
        for (int s = 0; s < n;)
        {
            int e = s + 1;
            while (e < n && keys[e] == keys[s])
            {
                e++;
            }

            if (e - s > 1)
            {
                Array.Sort(slots, s, e - s);
            }

            runStarts.Add(s);
            s = e;
        }

        runStarts.Add(n);
        runs = runStarts.ToArray();
        int facetCount = runs.Length - 1;
        faces = new int[facetCount * d];
        facetIds = new int[count * size];
        entries = new (int, int)[n];
        for (int f = 0; f < facetCount; f++)
        {
            long key = keys[runs[f]];
            for (int j = d - 1; j >= 0; j--)
            {
                faces[(f * d) + j] = (int)(key & ((1L << IdBits) - 1));
                key >>= IdBits;
            }

            for (int s = runs[f]; s < runs[f + 1]; s++)
            {
                int slot = slots[s];
                facetIds[slot] = f;
                entries[s] = (slot / size, simplices[slot]);
            }
        }
    }

    /// <summary>GUDHI's rule for the facets of the d-simplices, then their own radius for those left without a value.</summary>
    private static double[] Propagate(int[][] simplices, double[][] values, int d, int[] runs, (int Coface, int Opposite)[] entries, Circumsphere geometry)
    {
        int facetCount = runs.Length - 1;
        var result = new double[facetCount];
        var faces = simplices[d - 1];
        for (int f = 0; f < facetCount; f++)
        {
            var face = faces.AsSpan(f * d, d);
            double value = double.NaN;
            for (int s = runs[f]; s < runs[f + 1]; s++)
            {
                var (coface, opposite) = entries[s];
                double cofaceValue = values[d][coface];
                if (!double.IsNaN(value))
                {
                    value = Math.Min(value, cofaceValue);
                }
                else if (geometry.Encroaches(face, opposite))
                {
                    value = cofaceValue;
                }
            }

            result[f] = double.IsNaN(value) ? geometry.Radius2(face) : value;
        }

        return result;
    }

    /// <summary>The simplices up to <paramref name="maxValue"/> by value, lower dimensions first on ties (so every
    /// facet precedes its cofaces), with boundaries as positions in that order.</summary>
    private static FilteredComplex Order(double[][] values, int[][] facets, int top, double maxValue)
    {
        var byValue = new int[top + 1][];
        int total = 0;
        for (int d = 0; d <= top; d++)
        {
            var kept = new List<int>(values[d].Length);
            for (int i = 0; i < values[d].Length; i++)
            {
                if (values[d][i] <= maxValue)
                {
                    kept.Add(i);
                }
            }

            byValue[d] = kept.ToArray();
            var keys = byValue[d].Select(i => values[d][i]).ToArray();
            Array.Sort(keys, byValue[d]);
            total += byValue[d].Length;
        }

        var position = new int[top + 1][];
        for (int d = 0; d <= top; d++)
        {
            position[d] = new int[values[d].Length];
        }

        var dims = new int[total];
        var vals = new double[total];
        var boundaries = new int[total][];
        var next = new int[top + 1];
        for (int p = 0; p < total; p++)
        {
            // Merge: the smallest value, the lowest dimension among equal values.
            int best = -1;
            for (int d = 0; d <= top; d++)
            {
                if (next[d] < byValue[d].Length && (best < 0 || values[d][byValue[d][next[d]]] < values[best][byValue[best][next[best]]]))
                {
                    best = d;
                }
            }

            int local = byValue[best][next[best]++];
            position[best][local] = p;
            dims[p] = best;
            vals[p] = values[best][local];
            var b = new int[best == 0 ? 0 : best + 1];
            for (int k = 0; k < b.Length; k++)
            {
                b[k] = position[best - 1][facets[best][(local * (best + 1)) + k]];
            }

            boundaries[p] = b;
        }

        return new FilteredComplex(dims, vals, boundaries);
    }
}

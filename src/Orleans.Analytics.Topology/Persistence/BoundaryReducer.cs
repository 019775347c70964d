using Orleans.Analytics.Topology.Limits;

namespace Orleans.Analytics.Topology.Persistence;

/// <summary>Standard column reduction of the boundary matrix over Z/2 with clearing (twist): dimensions from the
/// top down, so a column whose simplex is already the pivot of a higher column is known to reduce to zero.</summary>
internal static class BoundaryReducer
{
    public static List<PersistencePair> Reduce(FilteredComplex complex, ComputeBudget budget)
    {
        int n = complex.Count;
        var owner = new int[n];
        Array.Fill(owner, -1);
        var paired = new bool[n];
        var columns = new int[n][];
        var pairs = new List<PersistencePair>();
        int top = 0;
        foreach (int d in complex.Dimensions)
        {
            top = Math.Max(top, d);
        }

        var work = new List<int>();
        var merged = new List<int>();
        int steps = 0;
        for (int dim = top; dim >= 1; dim--)
        {
            for (int j = 0; j < n; j++)
            {
                if (complex.Dimensions[j] != dim || paired[j])
                {
                    continue;
                }

                if ((++steps & 1023) == 0)
                {
                    budget.Check();
                }

                work.Clear();
                work.AddRange(complex.Boundaries[j]);
                work.Sort();
                while (work.Count > 0 && owner[work[^1]] >= 0)
                {
                    Xor(work, columns[owner[work[^1]]], merged);
                    (work, merged) = (merged, work);
                }

                if (work.Count == 0)
                {
                    continue;
                }

                int low = work[^1];
                owner[low] = j;
                columns[j] = work.ToArray();
                paired[low] = true;
                paired[j] = true;
                if (complex.Values[j] > complex.Values[low])
                {
                    pairs.Add(new PersistencePair(dim - 1, complex.Values[low], complex.Values[j]));
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            if (!paired[i])
            {
                pairs.Add(new PersistencePair(complex.Dimensions[i], complex.Values[i], double.PositiveInfinity));
            }
        }

        return pairs;
    }

    private static void Xor(List<int> a, int[] b, List<int> result)
    {
        result.Clear();
        int i = 0, j = 0;
        while (i < a.Count && j < b.Length)
        {
            if (a[i] < b[j])
            {
                result.Add(a[i++]);
            }
            else if (a[i] > b[j])
            {
                result.Add(b[j++]);
            }
            else
            {
                i++;
                j++;
            }
        }

        while (i < a.Count)
        {
            result.Add(a[i++]);
        }

        while (j < b.Length)
        {
            result.Add(b[j++]);
        }
    }
}

using System.Runtime.CompilerServices;

namespace Orleans.Analytics.Topology.Rips;

/// <summary>Binomial coefficients C(v, k) for the combinatorial number system, v ≤ n, k ≤ maxK.</summary>
internal sealed class Binomials
{
    private readonly long[] _table;
    private readonly int _stride;

    public Binomials(int n, int maxK)
    {
        _stride = n + 1;
        MaxK = maxK;
        _table = new long[(maxK + 1) * _stride];
        for (int v = 0; v <= n; v++)
        {
            _table[v] = 1;
        }

        for (int k = 1; k <= maxK; k++)
        {
            for (int v = 0; v <= n; v++)
            {
                long value = v == 0 ? 0 : _table[((k - 1) * _stride) + v - 1] + _table[(k * _stride) + v - 1];
                if (value < 0 || value > (1L << 62))
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(n),
                        $"{n} points with simplices of {k} vertices exceed the 62-bit simplex index range; lower MaxDimension or MaxPoints.");
                }

                _table[(k * _stride) + v] = value;
            }
        }
    }

    public int MaxK { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long C(int v, int k) => _table[(k * _stride) + v];

    /// <summary>Largest v in [k-1, top] with C(v, k) ≤ index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int MaxVertex(long index, int k, int top)
    {
        int offset = k * _stride;
        var table = _table;
        int lo = k - 1;
        int hi = top;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (table[offset + mid] <= index)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    /// <summary>Writes the vertices of the simplex <paramref name="index"/> of dimension <paramref name="dim"/>
    /// in descending order.</summary>
    public void Vertices(long index, int dim, int n, Span<int> descending)
    {
        int top = n - 1;
        for (int k = dim + 1; k >= 1; k--)
        {
            int v = MaxVertex(index, k, top);
            descending[dim + 1 - k] = v;
            index -= C(v, k);
            top = v - 1;
        }
    }
}

using Orleans.Analytics.Topology.Limits;

namespace Orleans.Analytics.Topology.Delaunay;

/// <summary>Incremental (Bowyer–Watson) planar Delaunay triangulation with an infinite vertex, exact predicates and
/// a symbolic perturbation resolving co-circular ties (<see cref="Predicates.SymbolicPerturbation"/>, by point id,
/// so the result does not depend on the insertion order). Requires three non-collinear points.</summary>
internal sealed partial class Delaunay2D
{
    private const int Infinite = -1;
    private readonly IPlanarPredicates _g;
    private readonly List<int> _free = [];
    private readonly Stack<int> _stack = new();
    private readonly List<(int Cell, int Slot)> _boundary = [];
    private readonly List<int> _conflicts = [];
    private readonly Dictionary<int, (int Cell, int Slot)> _spokes = [];
    private int[] _v = new int[48];
    private int[] _n = new int[48];
    private int[] _mark = new int[16];
    private int _cells;
    private int _stamp;
    private int _last;

    private Delaunay2D(IPlanarPredicates predicates)
    {
        _g = predicates;
    }

    /// <summary>Finite triangles (3 vertex ids each) of the points <paramref name="order"/>, given the first
    /// three non-collinear points.</summary>
    public static List<int[]> Triangulate(IPlanarPredicates predicates, int[] order, int a, int b, int c, ComputeBudget budget) =>
        Build(predicates, order, a, b, c, budget).FiniteCells();

    /// <summary>The triangulation of the points in the given insertion order, started from three non-collinear
    /// points a, b, c.</summary>
    public static Delaunay2D Build(IPlanarPredicates predicates, int[] order, int a, int b, int c, ComputeBudget budget)
    {
        var t = new Delaunay2D(predicates);
        t.Start(a, b, c);
        int count = 0;
        foreach (int i in order)
        {
            if (i == a || i == b || i == c)
            {
                continue;
            }

            if ((++count & 255) == 0)
            {
                budget.Check();
            }

            t.Insert(i);
        }

        return t;
    }

    /// <summary>Every live cell by id, finite or not (the infinite vertex is -1), with its neighbours' ids: neighbour k is
    /// across the edge opposite vertex k.</summary>
    public IEnumerable<(int Id, int[] Vertices, int[] Neighbours)> Cells()
    {
        for (int c = 0; c < _cells; c++)
        {
            if (_v[c * 3] != -2)
            {
                yield return (c, _v.AsSpan(c * 3, 3).ToArray(), _n.AsSpan(c * 3, 3).ToArray());
            }
        }
    }

    private List<int[]> FiniteCells()
    {
        var result = new List<int[]>();
        for (int cell = 0; cell < _cells; cell++)
        {
            int x = _v[cell * 3], y = _v[(cell * 3) + 1], z = _v[(cell * 3) + 2];
            if (x >= 0 && y >= 0 && z >= 0)
            {
                result.Add([x, y, z]);
            }
        }

        return result;
    }

    private void Start(int a, int b, int c)
    {
        if (_g.Orient(a, b, c) < 0)
        {
            (a, b) = (b, a);
        }

        int t0 = NewCell(a, b, c);
        int[] v0 = [a, b, c];
        for (int k = 0; k < 3; k++)
        {
            int[] v = (int[])v0.Clone();
            v[k] = Infinite;
            int s0 = (k + 1) % 3, s1 = (k + 2) % 3;
            (v[s0], v[s1]) = (v[s1], v[s0]);
            NewCell(v[0], v[1], v[2]);
        }

        var edges = new Dictionary<(int, int), (int, int)>();
        for (int cell = 0; cell < _cells; cell++)
        {
            for (int k = 0; k < 3; k++)
            {
                int x = _v[(cell * 3) + ((k + 1) % 3)], y = _v[(cell * 3) + ((k + 2) % 3)];
                var key = x < y ? (x, y) : (y, x);
                if (edges.Remove(key, out var other))
                {
                    _n[(cell * 3) + k] = other.Item1;
                    _n[(other.Item1 * 3) + other.Item2] = cell;
                }
                else
                {
                    edges[key] = (cell, k);
                }
            }
        }

        _last = t0;
    }

    private int NewCell(int a, int b, int c)
    {
        int cell;
        if (_free.Count > 0)
        {
            cell = _free[^1];
            _free.RemoveAt(_free.Count - 1);
        }
        else
        {
            cell = _cells++;
            if (cell * 3 >= _v.Length)
            {
                Array.Resize(ref _v, _v.Length * 2);
                Array.Resize(ref _n, _n.Length * 2);
                Array.Resize(ref _mark, _mark.Length * 2);
            }
        }

        _v[cell * 3] = a;
        _v[(cell * 3) + 1] = b;
        _v[(cell * 3) + 2] = c;
        _mark[cell] = 0;
        return cell;
    }

    private int InfiniteSlot(int cell)
    {
        for (int k = 0; k < 3; k++)
        {
            if (_v[(cell * 3) + k] == Infinite)
            {
                return k;
            }
        }

        return -1;
    }
}

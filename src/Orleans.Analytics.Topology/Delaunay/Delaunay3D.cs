using Orleans.Analytics.Topology.Limits;
using Orleans.Analytics.Topology.Predicates;

namespace Orleans.Analytics.Topology.Delaunay;

/// <summary>Incremental (Bowyer–Watson) 3-D Delaunay triangulation with an infinite vertex closing the hull,
/// exact predicates and a symbolic perturbation of the lifted coordinates that resolves co-spherical ties
/// (<see cref="SymbolicPerturbation"/>). The perturbation depends on point ids only, so the triangulation is unique
/// and does not depend on the insertion order. Requires four non-coplanar points among the input.</summary>
internal sealed partial class Delaunay3D
{
    private const int Infinite = -1;
    private readonly double[] _p;
    private readonly List<int> _freeCells = [];
    private readonly Stack<int> _stack = new();
    private readonly List<(int Cell, int Slot)> _boundary = [];
    private readonly List<int> _conflicts = [];
    private readonly Dictionary<long, (int Cell, int Slot)> _edges = [];
    private int[] _v = new int[64];
    private int[] _n = new int[64];
    private int[] _mark = new int[16];
    private int _cells;
    private int _stamp;
    private int _last;

    private Delaunay3D(double[] points)
    {
        _p = points;
    }

    /// <summary>Returns the finite tetrahedra (4 vertex ids each), or null when all points are coplanar.</summary>
    public static List<int[]>? Triangulate(double[] points, int[] order, ComputeBudget budget) => Build(points, order, budget)?.FiniteCells();

    /// <summary>The triangulation of the points in the given insertion order, or null when all are coplanar.</summary>
    public static Delaunay3D? Build(double[] points, int[] order, ComputeBudget budget)
    {
        var t = new Delaunay3D(points);
        if (!t.Start(order, out var first))
        {
            return null;
        }

        int count = 0;
        foreach (int i in order)
        {
            if (Array.IndexOf(first, i) >= 0)
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
    /// across the facet opposite vertex k.</summary>
    public IEnumerable<(int Id, int[] Vertices, int[] Neighbours)> Cells()
    {
        for (int c = 0; c < _cells; c++)
        {
            if (_v[c * 4] != -2)
            {
                yield return (c, _v.AsSpan(c * 4, 4).ToArray(), _n.AsSpan(c * 4, 4).ToArray());
            }
        }
    }

    private List<int[]> FiniteCells()
    {
        var result = new List<int[]>();
        for (int c = 0; c < _cells; c++)
        {
            if (_v[c * 4] == -2)
            {
                continue;
            }

            bool finite = true;
            for (int k = 0; k < 4; k++)
            {
                finite &= _v[(c * 4) + k] != Infinite;
            }

            if (finite)
            {
                result.Add([_v[c * 4], _v[(c * 4) + 1], _v[(c * 4) + 2], _v[(c * 4) + 3]]);
            }
        }

        return result;
    }

    private ReadOnlySpan<double> P(int i) => _p.AsSpan(i * 3, 3);

    private int Orient(int a, int b, int c, int d) => GeometricPredicates.Orient3(P(a), P(b), P(c), P(d));

    private bool Start(int[] order, out int[] first)
    {
        first = [];
        int a = order[0];
        int b = order[1];
        int c = -1;
        int d = -1;
        foreach (int i in order)
        {
            if (c < 0)
            {
                if (!Collinear(a, b, i))
                {
                    c = i;
                }
            }
            else if (Orient(a, b, c, i) != 0)
            {
                d = i;
                break;
            }
        }

        if (d < 0)
        {
            return false;
        }

        if (Orient(a, b, c, d) < 0)
        {
            (a, b) = (b, a);
        }

        first = [a, b, c, d];
        int t0 = NewCell(a, b, c, d);
        for (int k = 0; k < 4; k++)
        {
            Span<int> v = [a, b, c, d];
            v[k] = Infinite;

            // An infinite cell is stored so that putting an outside point in place of the infinite vertex gives a
            // positive orientation: swap two finite vertices of the face.
            int s0 = (k + 1) % 4, s1 = (k + 2) % 4;
            (v[s0], v[s1]) = (v[s1], v[s0]);
            NewCell(v[0], v[1], v[2], v[3]);
        }

        LinkAll();
        _last = t0;
        return true;
    }

    private bool Collinear(int a, int b, int c)
    {
        var pa = P(a);
        var pb = P(b);
        var pc = P(c);
        return GeometricPredicates.Orient2(pa[0], pa[1], pb[0], pb[1], pc[0], pc[1]) == 0
            && GeometricPredicates.Orient2(pa[1], pa[2], pb[1], pb[2], pc[1], pc[2]) == 0
            && GeometricPredicates.Orient2(pa[0], pa[2], pb[0], pb[2], pc[0], pc[2]) == 0;
    }

    private void LinkAll()
    {
        var faces = new Dictionary<(int, int, int), (int, int)>();
        Span<int> f = stackalloc int[3];
        for (int c = 0; c < _cells; c++)
        {
            for (int k = 0; k < 4; k++)
            {
                int o = 0;
                for (int j = 0; j < 4; j++)
                {
                    if (j != k)
                    {
                        f[o++] = _v[(c * 4) + j];
                    }
                }

                f.Sort();
                var key = (f[0], f[1], f[2]);
                if (faces.Remove(key, out var other))
                {
                    _n[(c * 4) + k] = other.Item1;
                    _n[(other.Item1 * 4) + other.Item2] = c;
                }
                else
                {
                    faces[key] = (c, k);
                }
            }
        }
    }

    private int NewCell(int a, int b, int c, int d)
    {
        int cell;
        if (_freeCells.Count > 0)
        {
            cell = _freeCells[^1];
            _freeCells.RemoveAt(_freeCells.Count - 1);
        }
        else
        {
            cell = _cells++;
            if (cell * 4 >= _v.Length)
            {
                Array.Resize(ref _v, _v.Length * 2);
                Array.Resize(ref _n, _n.Length * 2);
                Array.Resize(ref _mark, _mark.Length * 2);
            }
        }

        _v[cell * 4] = a;
        _v[(cell * 4) + 1] = b;
        _v[(cell * 4) + 2] = c;
        _v[(cell * 4) + 3] = d;
        _mark[cell] = 0;
        return cell;
    }

    private int InfiniteSlot(int cell)
    {
        for (int k = 0; k < 4; k++)
        {
            if (_v[(cell * 4) + k] == Infinite)
            {
                return k;
            }
        }

        return -1;
    }
}

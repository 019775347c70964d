using Orleans.Analytics.Topology.Limits;
using Orleans.Analytics.Topology.Predicates;

namespace Orleans.Analytics.Topology.Delaunay;

/// <summary>Incremental (Bowyer–Watson) 3-D Delaunay triangulation with an infinite vertex closing the hull,
/// exact predicates and a symbolic perturbation of the lifted coordinates that resolves co-spherical ties.
/// Requires four non-coplanar points among the input.</summary>
internal sealed class Delaunay3D
{
    private const int Infinite = -1;
    private readonly double[] _p;
    private readonly ComputeBudget _budget;
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

    private Delaunay3D(double[] points, ComputeBudget budget)
    {
        _p = points;
        _budget = budget;
    }

    /// <summary>Returns the finite tetrahedra (4 vertex ids each), or null when all points are coplanar.</summary>
    public static List<int[]>? Triangulate(double[] points, int[] order, ComputeBudget budget)
    {
        var t = new Delaunay3D(points, budget);
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

        var result = new List<int[]>();
        for (int c = 0; c < t._cells; c++)
        {
            if (t._v[c * 4] == -2)
            {
                continue;
            }

            bool finite = true;
            for (int k = 0; k < 4; k++)
            {
                finite &= t._v[(c * 4) + k] != Infinite;
            }

            if (finite)
            {
                result.Add([t._v[c * 4], t._v[(c * 4) + 1], t._v[(c * 4) + 2], t._v[(c * 4) + 3]]);
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

    private int OrientWith(int cell, int slot, int p)
    {
        Span<int> v = [_v[cell * 4], _v[(cell * 4) + 1], _v[(cell * 4) + 2], _v[(cell * 4) + 3]];
        v[slot] = p;
        return Orient(v[0], v[1], v[2], v[3]);
    }

    private bool InConflict(int cell, int p)
    {
        int s = InfiniteSlot(cell);
        if (s >= 0)
        {
            int o = OrientWith(cell, s, p);
            return o != 0 ? o > 0 : InConflict(_n[(cell * 4) + s], p);
        }

        int a = _v[cell * 4], b = _v[(cell * 4) + 1], c = _v[(cell * 4) + 2], d = _v[(cell * 4) + 3];
        int det = GeometricPredicates.InSphere(P(a), P(b), P(c), P(d), P(p));
        if (det != 0)
        {
            return det < 0;
        }

        // Symbolic perturbation: lifted coordinate of point i raised by δ_i, larger index ⇒ larger δ.
        Span<(int Id, int Term)> terms =
        [
            (a, 1), (b, 2), (c, 3), (d, 4), (p, 5),
        ];
        terms.Sort(static (x, y) => y.Id.CompareTo(x.Id));
        foreach (var (_, term) in terms)
        {
            int sign = term switch
            {
                1 => Orient(b, c, d, p),
                2 => -Orient(a, c, d, p),
                3 => Orient(a, b, d, p),
                4 => -Orient(a, b, c, p),
                _ => Orient(a, b, c, d),
            };
            if (sign != 0)
            {
                return sign < 0;
            }
        }

        return false;
    }

    private int Locate(int p)
    {
        int cell = _last;
        int infinite = InfiniteSlot(cell);
        if (infinite >= 0)
        {
            cell = _n[(cell * 4) + infinite];
        }

        int start = 0;
        while (true)
        {
            int next = -1;
            for (int j = 0; j < 4; j++)
            {
                int k = (j + start) & 3;
                if (OrientWith(cell, k, p) < 0)
                {
                    next = _n[(cell * 4) + k];
                    break;
                }
            }

            if (next < 0)
            {
                return cell;
            }

            if (InfiniteSlot(next) >= 0)
            {
                return next;
            }

            cell = next;
            start++;
        }
    }

    private void Insert(int p)
    {
        int start = Locate(p);
        _stamp++;
        _conflicts.Clear();
        _boundary.Clear();
        _stack.Push(start);
        _mark[start] = _stamp;
        while (_stack.Count > 0)
        {
            int cell = _stack.Pop();
            _conflicts.Add(cell);
            for (int k = 0; k < 4; k++)
            {
                int nb = _n[(cell * 4) + k];
                if (_mark[nb] == _stamp)
                {
                    continue;
                }

                if (InConflict(nb, p))
                {
                    _mark[nb] = _stamp;
                    _stack.Push(nb);
                }
                else
                {
                    _boundary.Add((cell, k));
                }
            }
        }

        _edges.Clear();
        int created = -1;
        var boundary = _boundary;
        var newCells = new int[boundary.Count];
        for (int i = 0; i < boundary.Count; i++)
        {
            var (cell, slot) = boundary[i];
            Span<int> v = [_v[cell * 4], _v[(cell * 4) + 1], _v[(cell * 4) + 2], _v[(cell * 4) + 3]];
            int outside = _n[(cell * 4) + slot];
            v[slot] = p;
            created = NewCellDeferred(v);
            newCells[i] = created;
            _n[(created * 4) + slot] = outside;
            for (int k = 0; k < 4; k++)
            {
                if (_n[(outside * 4) + k] == cell)
                {
                    _n[(outside * 4) + k] = created;
                }
            }
        }

        for (int i = 0; i < newCells.Length; i++)
        {
            int cell = newCells[i];
            int slot = boundary[i].Slot;
            for (int j = 0; j < 4; j++)
            {
                if (j == slot)
                {
                    continue;
                }

                int u = -1, w = -1;
                for (int k = 0; k < 4; k++)
                {
                    if (k != slot && k != j)
                    {
                        int id = _v[(cell * 4) + k] + 1;
                        if (u < 0)
                        {
                            u = id;
                        }
                        else
                        {
                            w = id;
                        }
                    }
                }

                long key = u < w ? ((long)u << 32) | (uint)w : ((long)w << 32) | (uint)u;
                if (_edges.Remove(key, out var other))
                {
                    _n[(cell * 4) + j] = other.Cell;
                    _n[(other.Cell * 4) + other.Slot] = cell;
                }
                else
                {
                    _edges[key] = (cell, j);
                }
            }
        }

        foreach (int dead in _conflicts)
        {
            _v[dead * 4] = -2;
            _freeCells.Add(dead);
        }

        _last = created;
    }

    private int NewCellDeferred(Span<int> v)
    {
        // Conflict cells are freed only after the new cells exist, so their slots are not reused too early.
        int cell = _cells++;
        if (cell * 4 >= _v.Length)
        {
            Array.Resize(ref _v, _v.Length * 2);
            Array.Resize(ref _n, _n.Length * 2);
            Array.Resize(ref _mark, _mark.Length * 2);
        }

        if (_freeCells.Count > 0)
        {
            _cells--;
            cell = _freeCells[^1];
            _freeCells.RemoveAt(_freeCells.Count - 1);
        }

        _v[cell * 4] = v[0];
        _v[(cell * 4) + 1] = v[1];
        _v[(cell * 4) + 2] = v[2];
        _v[(cell * 4) + 3] = v[3];
        _mark[cell] = 0;
        return cell;
    }
}

using Orleans.Analytics.Topology.Limits;

namespace Orleans.Analytics.Topology.Delaunay;

/// <summary>Incremental (Bowyer–Watson) planar Delaunay triangulation with an infinite vertex, exact predicates and
/// a symbolic perturbation resolving co-circular ties. Requires three non-collinear points.</summary>
internal sealed class Delaunay2D
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
    public static List<int[]> Triangulate(IPlanarPredicates predicates, int[] order, int a, int b, int c, ComputeBudget budget)
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

        var result = new List<int[]>();
        for (int cell = 0; cell < t._cells; cell++)
        {
            int x = t._v[cell * 3], y = t._v[(cell * 3) + 1], z = t._v[(cell * 3) + 2];
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

    private int OrientWith(int cell, int slot, int p)
    {
        Span<int> v = [_v[cell * 3], _v[(cell * 3) + 1], _v[(cell * 3) + 2]];
        v[slot] = p;
        return _g.Orient(v[0], v[1], v[2]);
    }

    private bool InConflict(int cell, int p)
    {
        int s = InfiniteSlot(cell);
        if (s >= 0)
        {
            int o = OrientWith(cell, s, p);
            return o != 0 ? o > 0 : InConflict(_n[(cell * 3) + s], p);
        }

        int a = _v[cell * 3], b = _v[(cell * 3) + 1], c = _v[(cell * 3) + 2];
        int det = _g.InCircle(a, b, c, p);
        if (det != 0)
        {
            return det > 0;
        }

        // Symbolic perturbation: lifted coordinate of point i raised by δ_i, larger index ⇒ larger δ.
        Span<(int Id, int Term)> terms = [(a, 1), (b, 2), (c, 3), (p, 4)];
        terms.Sort(static (x, y) => y.Id.CompareTo(x.Id));
        foreach (var (_, term) in terms)
        {
            int sign = term switch
            {
                1 => _g.Orient(b, c, p),
                2 => -_g.Orient(a, c, p),
                3 => _g.Orient(a, b, p),
                _ => -_g.Orient(a, b, c),
            };
            if (sign != 0)
            {
                return sign > 0;
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
            cell = _n[(cell * 3) + infinite];
        }

        int start = 0;
        while (true)
        {
            int next = -1;
            for (int j = 0; j < 3; j++)
            {
                int k = (j + start) % 3;
                if (OrientWith(cell, k, p) < 0)
                {
                    next = _n[(cell * 3) + k];
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
            for (int k = 0; k < 3; k++)
            {
                int nb = _n[(cell * 3) + k];
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

        var created = new int[_boundary.Count];
        for (int i = 0; i < _boundary.Count; i++)
        {
            var (cell, slot) = _boundary[i];
            int outside = _n[(cell * 3) + slot];
            Span<int> v = [_v[cell * 3], _v[(cell * 3) + 1], _v[(cell * 3) + 2]];
            v[slot] = p;
            int fresh = NewCell(v[0], v[1], v[2]);
            created[i] = fresh;
            _n[(fresh * 3) + slot] = outside;
            for (int k = 0; k < 3; k++)
            {
                if (_n[(outside * 3) + k] == cell)
                {
                    _n[(outside * 3) + k] = fresh;
                }
            }
        }

        _spokes.Clear();
        for (int i = 0; i < created.Length; i++)
        {
            int cell = created[i];
            int slot = _boundary[i].Slot;
            for (int j = 0; j < 3; j++)
            {
                if (j == slot)
                {
                    continue;
                }

                int other = _v[(cell * 3) + (3 - slot - j)];
                if (_spokes.Remove(other, out var match))
                {
                    _n[(cell * 3) + j] = match.Cell;
                    _n[(match.Cell * 3) + match.Slot] = cell;
                }
                else
                {
                    _spokes[other] = (cell, j);
                }
            }
        }

        foreach (int dead in _conflicts)
        {
            _v[dead * 3] = -2;
            _v[(dead * 3) + 1] = -2;
            _v[(dead * 3) + 2] = -2;
            _free.Add(dead);
        }

        _last = created[^1];
    }
}

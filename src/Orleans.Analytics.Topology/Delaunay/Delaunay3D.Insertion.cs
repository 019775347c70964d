using Orleans.Analytics.Topology.Limits;
using Orleans.Analytics.Topology.Predicates;

namespace Orleans.Analytics.Topology.Delaunay;

/// <summary>Point location, conflict tests with the perturbed in-sphere predicate, and cavity re-triangulation.</summary>
internal sealed partial class Delaunay3D
{
    private int OrientWith(int cell, int slot, int p)
    {
        Span<int> v = [_v[cell * 4], _v[(cell * 4) + 1], _v[(cell * 4) + 2], _v[(cell * 4) + 3]];
        v[slot] = p;
        return Orient(v[0], v[1], v[2], v[3]);
    }

    /// <summary>True when p lies inside the perturbed circumsphere of the cell. For an infinite cell (a hull facet
    /// and the infinite vertex) that means beyond the facet's plane, or on that plane and inside the facet's
    /// circumcircle, which is where the plane meets the circumsphere of the finite cell across the facet.</summary>
    private bool InConflict(int cell, int p)
    {
        int s = InfiniteSlot(cell);
        if (s >= 0)
        {
            int o = OrientWith(cell, s, p);
            return o != 0 ? o > 0 : InConflict(_n[(cell * 4) + s], p);
        }

        return SymbolicPerturbation.InSphere(_p, _v[cell * 4], _v[(cell * 4) + 1], _v[(cell * 4) + 2], _v[(cell * 4) + 3], p);
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
            created = NewCell(v[0], v[1], v[2], v[3]);
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
}

using Orleans.Analytics.Topology.Limits;
using Orleans.Analytics.Topology.Predicates;

namespace Orleans.Analytics.Topology.Delaunay;

/// <summary>Point location, conflict tests with the perturbed in-circle predicate, and cavity re-triangulation.</summary>
internal sealed partial class Delaunay2D
{
    private int OrientWith(int cell, int slot, int p)
    {
        Span<int> v = [_v[cell * 3], _v[(cell * 3) + 1], _v[(cell * 3) + 2]];
        v[slot] = p;
        return _g.Orient(v[0], v[1], v[2]);
    }

    /// <summary>True when p lies inside the perturbed circumcircle of the cell; for an infinite cell, beyond its hull
    /// edge, or on the edge's line and inside the circle of the finite triangle across it.</summary>
    private bool InConflict(int cell, int p)
    {
        int s = InfiniteSlot(cell);
        if (s >= 0)
        {
            int o = OrientWith(cell, s, p);
            return o != 0 ? o > 0 : InConflict(_n[(cell * 3) + s], p);
        }

        return SymbolicPerturbation.InCircle(_g, _v[cell * 3], _v[(cell * 3) + 1], _v[(cell * 3) + 2], p);
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

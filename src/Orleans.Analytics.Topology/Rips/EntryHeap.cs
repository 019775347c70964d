using System.Runtime.CompilerServices;

namespace Orleans.Analytics.Topology.Rips;

/// <summary>Binary min-heap in filtration order over a reusable array; Z/2 cancellation on pivot extraction.</summary>
internal sealed class EntryHeap
{
    private Entry[] _items = new Entry[256];
    private int _count;

    public int Count => _count;

    public void Clear() => _count = 0;

    public void Push(in Entry e)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        var items = _items;
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Entry.Before(e, items[parent]))
            {
                break;
            }

            items[i] = items[parent];
            i = parent;
        }

        items[i] = e;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RemoveTop()
    {
        var items = _items;
        int n = --_count;
        if (n == 0)
        {
            return;
        }

        var last = items[n];
        int i = 0;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= n)
            {
                break;
            }

            if (child + 1 < n && Entry.Before(items[child + 1], items[child]))
            {
                child++;
            }

            if (!Entry.Before(items[child], last))
            {
                break;
            }

            items[i] = items[child];
            i = child;
        }

        items[i] = last;
    }

    /// <summary>Removes cancelling pairs at the top and returns the surviving minimum (left in the heap),
    /// or <see cref="Entry.None"/> when the column is zero.</summary>
    public Entry Pivot()
    {
        var items = _items;
        while (_count > 0)
        {
            var top = items[0];
            RemoveTop();
            if (_count > 0 && items[0].Index == top.Index)
            {
                RemoveTop();
                continue;
            }

            Push(top);
            return top;
        }

        return Entry.None;
    }

    /// <summary>Removes and returns the surviving minimum, or <see cref="Entry.None"/>.</summary>
    public Entry PopPivot()
    {
        var items = _items;
        while (_count > 0)
        {
            var top = items[0];
            RemoveTop();
            if (_count > 0 && items[0].Index == top.Index)
            {
                RemoveTop();
                continue;
            }

            return top;
        }

        return Entry.None;
    }
}

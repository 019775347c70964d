namespace Orleans.Analytics.Topology.Rips;

/// <summary>Stored reduction columns (the V part without its diagonal), one per reduced column, in one flat buffer.</summary>
internal sealed class ReductionColumns
{
    private int[] _start;
    private int[] _length;
    private Entry[] _entries = new Entry[1024];
    private int _used;

    public ReductionColumns(int columns)
    {
        _start = new int[Math.Max(columns, 1)];
        _length = new int[Math.Max(columns, 1)];
    }

    public long Bytes => ((long)_entries.Length * 16) + ((long)_start.Length * 8);

    public ReadOnlySpan<Entry> Column(int column) => _entries.AsSpan(_start[column], _length[column]);

    /// <summary>Drains <paramref name="working"/> (cancelling pairs) into the column.</summary>
    public void Store(int column, EntryHeap working)
    {
        int begin = _used;
        while (true)
        {
            var e = working.PopPivot();
            if (e.IsNone)
            {
                break;
            }

            if (_used == _entries.Length)
            {
                Array.Resize(ref _entries, _entries.Length * 2);
            }

            _entries[_used++] = e;
        }

        _start[column] = begin;
        _length[column] = _used - begin;
    }
}

namespace Orleans.Analytics.Kafka;

/// <summary>
/// Tracks the records of one partition from the moment they are read until their delivery completes, and tells
/// which offset may be committed: the one after the unbroken run of completed records. Records complete in any
/// order (different streams, dead-lettered records); a record still in flight holds the commit back.
/// </summary>
internal sealed class OffsetTracker
{
    private readonly Lock _gate = new();
    private long[] _offsets = new long[1024];
    private bool[] _done = new bool[1024];
    private int _head;
    private int _count;
    private long _committable = -1;

    /// <summary>The offset to commit (next to read after the completed run), or -1 before any record completed.</summary>
    public long Committable
    {
        get
        {
            lock (_gate)
            {
                return _committable;
            }
        }
    }

    /// <summary>Records read but not completed, including completed ones behind an incomplete one.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Starts tracking a record just read; offsets must increase.</summary>
    public void Track(long offset)
    {
        lock (_gate)
        {
            if (_count > 0 && offset <= _offsets[(_head + _count - 1) % _offsets.Length])
            {
                throw new InvalidOperationException($"Offset {offset} was read after a higher offset; a partition's offsets must increase.");
            }

            if (_count == _offsets.Length)
            {
                Grow();
            }

            var slot = (_head + _count) % _offsets.Length;
            _offsets[slot] = offset;
            _done[slot] = false;
            _count++;
        }
    }

    /// <summary>Marks a record's delivery complete; returns false if it was not being tracked.</summary>
    public bool Complete(long offset)
    {
        lock (_gate)
        {
            var index = Find(offset);
            if (index < 0)
            {
                return false;
            }

            _done[(_head + index) % _offsets.Length] = true;
            while (_count > 0 && _done[_head])
            {
                _committable = _offsets[_head] + 1;
                _head = (_head + 1) % _offsets.Length;
                _count--;
            }

            return true;
        }
    }

    // Binary search over the ring, which holds increasing offsets.
    private int Find(long offset)
    {
        int low = 0, high = _count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var value = _offsets[(_head + mid) % _offsets.Length];
            if (value == offset)
            {
                return mid;
            }

            if (value < offset)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return -1;
    }

    private void Grow()
    {
        var offsets = new long[_offsets.Length * 2];
        var done = new bool[_offsets.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            offsets[i] = _offsets[(_head + i) % _offsets.Length];
            done[i] = _done[(_head + i) % _offsets.Length];
        }

        _offsets = offsets;
        _done = done;
        _head = 0;
    }
}

namespace Orleans.Analytics.Topology.Rips;

/// <summary>Open-addressing hash map from simplex index (≥ 0) to column number.</summary>
internal sealed class PivotMap
{
    private long[] _keys = [];
    private int[] _values = [];
    private int _mask;
    private int _shift;
    private int _count;

    public PivotMap(int expected)
    {
        int capacity = 16;
        while (capacity < expected * 2)
        {
            capacity <<= 1;
        }

        Allocate(capacity);
    }

    public int Count => _count;

    public bool TryGet(long key, out int value)
    {
        var keys = _keys;
        int i = Slot(key);
        while (true)
        {
            long k = keys[i];
            if (k == key)
            {
                value = _values[i];
                return true;
            }

            if (k < 0)
            {
                value = -1;
                return false;
            }

            i = (i + 1) & _mask;
        }
    }

    public bool Contains(long key) => TryGet(key, out _);

    public void Add(long key, int value)
    {
        if ((_count + 1) * 2 > _keys.Length)
        {
            Grow();
        }

        Insert(key, value);
    }

    private void Insert(long key, int value)
    {
        int i = Slot(key);
        while (_keys[i] >= 0)
        {
            if (_keys[i] == key)
            {
                _values[i] = value;
                return;
            }

            i = (i + 1) & _mask;
        }

        _keys[i] = key;
        _values[i] = value;
        _count++;
    }

    private int Slot(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Allocate(int capacity)
    {
        _keys = new long[capacity];
        Array.Fill(_keys, -1L);
        _values = new int[capacity];
        _mask = capacity - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)capacity);
        _count = 0;
    }

    private void Grow()
    {
        var oldKeys = _keys;
        var oldValues = _values;
        Allocate(oldKeys.Length * 2);
        for (int i = 0; i < oldKeys.Length; i++)
        {
            if (oldKeys[i] >= 0)
            {
                Insert(oldKeys[i], oldValues[i]);
            }
        }
    }
}

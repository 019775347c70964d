namespace Orleans.Analytics.Pipeline;

/// <summary>
/// The last <see cref="Capacity"/> samples of a few counters, each taken at a time (epoch milliseconds): a fixed
/// ring, so a partition or job holds bounded memory however long the silo runs. Rates are over the oldest to the
/// newest sample held.
/// </summary>
internal sealed class SampleRing(int capacity, int counters)
{
    private readonly long[] _at = new long[capacity];
    private readonly long[,] _values = new long[capacity, counters];
    private int _next;

    public int Capacity { get; } = capacity;

    /// <summary>Samples held.</summary>
    public int Count { get; private set; }

    /// <summary>Counter <paramref name="counter"/> at the newest sample; null when empty.</summary>
    public long? Last(int counter) => Count == 0 ? null : _values[Index(Count - 1), counter];

    /// <summary>Forgets every sample (a counter went back: a new reader, a rewind).</summary>
    public void Clear() => Count = 0;

    public void Add(long at, params ReadOnlySpan<long> values)
    {
        _at[_next] = at;
        for (var i = 0; i < values.Length; i++)
        {
            _values[_next, i] = values[i];
        }

        _next = (_next + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
    }

    /// <summary>Change per second of counter <paramref name="counter"/> between the oldest and newest sample; 0 with fewer than two.</summary>
    public double RatePerSecond(int counter)
    {
        if (Count < 2)
        {
            return 0;
        }

        var (first, last) = (Index(0), Index(Count - 1));
        var seconds = (_at[last] - _at[first]) / 1000.0;
        return seconds <= 0 ? 0 : (_values[last, counter] - _values[first, counter]) / seconds;
    }

    /// <summary>Change per second of counter <paramref name="counter"/> in each interval between samples, oldest first.</summary>
    public double[] Rates(int counter)
    {
        var rates = new double[Math.Max(0, Count - 1)];
        for (var i = 0; i < rates.Length; i++)
        {
            var (a, b) = (Index(i), Index(i + 1));
            var seconds = (_at[b] - _at[a]) / 1000.0;
            rates[i] = seconds <= 0 ? 0 : Math.Max(0, _values[b, counter] - _values[a, counter]) / seconds;
        }

        return rates;
    }

    /// <summary>Counter <paramref name="counter"/> at each sample, oldest first.</summary>
    public long[] Values(int counter)
    {
        var values = new long[Count];
        for (var i = 0; i < Count; i++)
        {
            values[i] = _values[Index(i), counter];
        }

        return values;
    }

    private int Index(int i) => (_next - Count + i + Capacity) % Capacity;
}

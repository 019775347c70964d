namespace Orleans.Analytics.Core.Aggregation;

/// <summary>
/// A mergeable quantile sketch of non-negative values with a relative-error guarantee, in the manner of DDSketch
/// (logarithmic buckets).
/// </summary>
/// <remarks>
/// <para><b>Percentile definition:</b> nearest rank. For n values sorted ascending <c>x₁ ≤ … ≤ xₙ</c>, the q-quantile
/// (0 &lt; q ≤ 1) is <c>x_⌈q·n⌉</c>, and q = 0 gives <c>x₁</c>.</para>
/// <para><b>Error:</b> with relative accuracy α (default 1 %), each positive value falls in the bucket
/// <c>(γ^(i−1), γ^i]</c> with <c>γ = (1+α)/(1−α)</c>, and the bucket reports <c>2γ^i/(γ+1)</c>, which is within α
/// of every value in it. So the reported quantile <c>v̂</c> satisfies <c>|v̂ − v| ≤ α·v</c> where <c>v</c> is the exact
/// nearest-rank quantile. Values at or below 1e-9 are counted as exactly zero. Count, sum, minimum and maximum are exact.</para>
/// <para><b>Size:</b> one counter per occupied bucket range; values from 1 ms to 1 hour need about 770 buckets at α = 1 %.</para>
/// </remarks>
public sealed class PercentileSketch
{
    /// <summary>The default relative accuracy, 1 %.</summary>
    public const double DefaultRelativeAccuracy = 0.01;

    /// <summary>Values at or below this are counted as zero; below it logarithmic buckets are meaningless.</summary>
    private const double MinPositive = 1e-9;

    private readonly double _gamma;
    private readonly double _logGamma;
    /// <summary>A sketch of few values keeps their bucket indices in a list (a mini-batch's partial holds a few dozen
    /// values spread over hundreds of buckets); past this many it switches to one counter per bucket.</summary>
    private const int SparseLimit = 64;

    private long[] _counts = [];
    private int _minIndex;
    private int[]? _sparse;
    private int _sparseCount;

    /// <summary>Creates an empty sketch.</summary>
    /// <param name="relativeAccuracy">α, in (0, 1); default <see cref="DefaultRelativeAccuracy"/>.</param>
    public PercentileSketch(double relativeAccuracy = DefaultRelativeAccuracy)
    {
        if (!(relativeAccuracy > 0 && relativeAccuracy < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(relativeAccuracy), relativeAccuracy, "The relative accuracy must be in (0, 1).");
        }

        RelativeAccuracy = relativeAccuracy;
        _gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
        _logGamma = Math.Log(_gamma);
    }

    /// <summary>α, the guaranteed relative error of quantiles.</summary>
    public double RelativeAccuracy { get; }

    /// <summary>Values added.</summary>
    public long Count { get; private set; }

    /// <summary>Exact sum of the values added.</summary>
    public double Sum { get; private set; }

    /// <summary>Exact smallest value; <see cref="double.NaN"/> when empty.</summary>
    public double Min { get; private set; } = double.NaN;

    /// <summary>Exact largest value; <see cref="double.NaN"/> when empty.</summary>
    public double Max { get; private set; } = double.NaN;

    /// <summary>Exact mean; <see cref="double.NaN"/> when empty.</summary>
    public double Average => Count == 0 ? double.NaN : Sum / Count;

    /// <summary>Values counted as zero.</summary>
    public long ZeroCount { get; private set; }

    /// <summary>Adds a value.</summary>
    /// <param name="value">A finite, non-negative value such as a page load time in milliseconds.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public void Add(double value)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite, non-negative values can be added.");
        }

        if (value <= MinPositive)
        {
            ZeroCount++;
        }
        else
        {
            AddToBucket(IndexOf(value), 1);
        }

        Count++;
        Sum += value;
        Min = Count == 1 ? value : Math.Min(Min, value);
        Max = Count == 1 ? value : Math.Max(Max, value);
    }

    /// <summary>Adds every value of another sketch with the same relative accuracy.</summary>
    /// <param name="other">The sketch to merge in; it is not changed.</param>
    /// <exception cref="ArgumentException">The sketches have different relative accuracies.</exception>
    public void Merge(PercentileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.RelativeAccuracy != RelativeAccuracy)
        {
            throw new ArgumentException("Only sketches with the same relative accuracy can be merged.", nameof(other));
        }

        if (other.Count == 0)
        {
            return;
        }

        for (var i = 0; i < other._sparseCount; i++)
        {
            AddToBucket(other._sparse![i], 1);
        }

        if (other._counts.Length > 0)
        {
            Densify();
            EnsureIndex(other._minIndex);
            EnsureIndex(other._minIndex + other._counts.Length - 1);
            var shift = other._minIndex - _minIndex;
            for (var i = 0; i < other._counts.Length; i++)
            {
                _counts[shift + i] += other._counts[i];
            }
        }

        Min = Count == 0 ? other.Min : Math.Min(Min, other.Min);
        Max = Count == 0 ? other.Max : Math.Max(Max, other.Max);
        ZeroCount += other.ZeroCount;
        Count += other.Count;
        Sum += other.Sum;
    }

    /// <summary>The nearest-rank q-quantile, within <see cref="RelativeAccuracy"/> of the exact value.</summary>
    /// <param name="quantile">q in [0, 1], e.g. 0.95 for p95.</param>
    /// <returns>The estimate; <see cref="double.NaN"/> when the sketch is empty.</returns>
    public double GetQuantile(double quantile)
    {
        if (!(quantile >= 0 && quantile <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "The quantile must be in [0, 1].");
        }

        if (Count == 0)
        {
            return double.NaN;
        }

        // q·n is computed in floating point (0.95 × 100 = 95.00000000000001); shave the representation error so an
        // exact product keeps its rank.
        var product = quantile * Count;
        var rank = Math.Max(1, (long)Math.Ceiling(product - (product * 1e-12)));
        if (rank <= ZeroCount)
        {
            return 0;
        }

        Densify();
        var seen = ZeroCount;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                // Clamping to the exact extremes keeps the guarantee and makes p0 and p100 exact.
                return Math.Clamp(ValueOf(i + _minIndex), Min, Max);
            }
        }

        return Max;
    }

    /// <summary>Captures the sketch for persistence.</summary>
    /// <returns>A copy of the sketch's state.</returns>
    public PercentileSketchState ToState()
    {
        Densify();
        return new(RelativeAccuracy, _minIndex, (long[])_counts.Clone(), ZeroCount, Count, Sum, Min, Max);
    }

    /// <summary>Rebuilds a sketch from <see cref="ToState"/>.</summary>
    /// <param name="state">The persisted state.</param>
    /// <returns>An equivalent sketch.</returns>
    public static PercentileSketch FromState(PercentileSketchState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new PercentileSketch(state.RelativeAccuracy)
        {
            _minIndex = state.MinIndex,
            _counts = (long[])state.Counts.Clone(),
            ZeroCount = state.ZeroCount,
            Count = state.Count,
            Sum = state.Sum,
            Min = state.Min,
            Max = state.Max,
        };
    }

    private void AddToBucket(int index, long count)
    {
        if (_counts.Length == 0 && count == 1 && _sparseCount < SparseLimit)
        {
            if (_sparse is null || _sparseCount == _sparse.Length)
            {
                Array.Resize(ref _sparse, _sparse is null ? 8 : _sparse.Length * 2);
            }

            _sparse[_sparseCount++] = index;
            return;
        }

        Densify();
        EnsureIndex(index);
        _counts[index - _minIndex] += count;
    }

    // Moves the sparse indices into counters: once past the limit, or before anything reads the counters.
    private void Densify()
    {
        if (_sparseCount == 0)
        {
            return;
        }

        var sparse = _sparse!;
        var count = _sparseCount;
        _sparse = null;
        _sparseCount = 0;
        int low = int.MaxValue, high = int.MinValue;
        for (var i = 0; i < count; i++)
        {
            low = Math.Min(low, sparse[i]);
            high = Math.Max(high, sparse[i]);
        }

        EnsureIndex(low);
        EnsureIndex(high);
        for (var i = 0; i < count; i++)
        {
            _counts[sparse[i] - _minIndex]++;
        }
    }

    private int IndexOf(double value) => (int)Math.Ceiling(Math.Log(value) / _logGamma);

    private double ValueOf(int index) => 2 * Math.Pow(_gamma, index) / (_gamma + 1);

    private void EnsureIndex(int index)
    {
        if (_counts.Length == 0)
        {
            _counts = new long[16];
            _minIndex = index - 8;
            return;
        }

        var maxIndex = _minIndex + _counts.Length - 1;
        if (index >= _minIndex && index <= maxIndex)
        {
            return;
        }

        // Grow with slack on the side that overflowed so a drifting range does not reallocate per value.
        var newMin = Math.Min(_minIndex, index);
        var newMax = Math.Max(maxIndex, index);
        var length = newMax - newMin + 1;
        var slack = Math.Max(16, length / 2);
        if (index < _minIndex)
        {
            newMin -= slack;
        }
        else
        {
            newMax += slack;
        }

        var grown = new long[newMax - newMin + 1];
        Array.Copy(_counts, 0, grown, _minIndex - newMin, _counts.Length);
        _counts = grown;
        _minIndex = newMin;
    }
}

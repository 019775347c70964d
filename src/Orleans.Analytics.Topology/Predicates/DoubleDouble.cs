using System.Runtime.CompilerServices;

namespace Orleans.Analytics.Topology.Predicates;

/// <summary>An unevaluated sum Hi + Lo of two doubles (|Lo| ≤ ulp(Hi)/2), about 106 significant bits. Sums and
/// products use the error-free transformations TwoSum and TwoProduct (with a fused multiply-add) and carry a
/// relative error of at most <see cref="Unit"/> each (Joldes, Muller, Popescu 2017: 3u² for the accurate sum,
/// 4u² for the product, u = 2⁻⁵³), away from underflow and overflow. A polynomial evaluated in this arithmetic
/// by a program of depth k is therefore within k·<see cref="Unit"/>·(1 + small) of the exact value relative to
/// the same program over absolute values.</summary>
internal readonly struct DoubleDouble
{
    /// <summary>Bound on the relative error of one operation: 5u², above both published bounds.</summary>
    public const double Unit = 5.0 * 1.1102230246251565e-16 * 1.1102230246251565e-16;

    public readonly double Hi;
    public readonly double Lo;

    public DoubleDouble(double hi, double lo)
    {
        Hi = hi;
        Lo = lo;
    }

    public static implicit operator DoubleDouble(double value) => new(value, 0);

    /// <summary>a − b exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble Difference(double a, double b)
    {
        double s = a - b;
        double bb = s - a;
        return new DoubleDouble(s, (a - (s - bb)) - (b + bb));
    }

    /// <summary>a × b exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble Product(double a, double b)
    {
        double p = a * b;
        return new DoubleDouble(p, Math.FusedMultiplyAdd(a, b, -p));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble operator +(DoubleDouble x, DoubleDouble y)
    {
        // Accurate double-word sum: TwoSum of the high and of the low parts, then two renormalisations.
        double sh = x.Hi + y.Hi;
        double b1 = sh - x.Hi;
        double sl = (x.Hi - (sh - b1)) + (y.Hi - b1);
        double th = x.Lo + y.Lo;
        double b2 = th - x.Lo;
        double tl = (x.Lo - (th - b2)) + (y.Lo - b2);
        double c = sl + th;
        double vh = sh + c;
        double vl = c - (vh - sh);
        double w = tl + vl;
        double zh = vh + w;
        return new DoubleDouble(zh, w - (zh - vh));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble operator -(DoubleDouble x) => new(-x.Hi, -x.Lo);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble operator -(DoubleDouble x, DoubleDouble y) => x + new DoubleDouble(-y.Hi, -y.Lo);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DoubleDouble operator *(DoubleDouble x, DoubleDouble y)
    {
        double ch = x.Hi * y.Hi;
        double cl1 = Math.FusedMultiplyAdd(x.Hi, y.Hi, -ch);
        double tl1 = Math.FusedMultiplyAdd(x.Hi, y.Lo, x.Lo * y.Lo);
        double cl2 = Math.FusedMultiplyAdd(x.Lo, y.Hi, tl1);
        double cl3 = cl1 + cl2;
        double zh = ch + cl3;
        return new DoubleDouble(zh, cl3 - (zh - ch));
    }

    /// <summary>An upper bound on |Hi + Lo| (up to one rounding).</summary>
    public double Magnitude() => Math.Abs(Hi) + Math.Abs(Lo);

    /// <summary>Sign of the value when |Hi| exceeds <paramref name="errorBound"/> (which must include the slack
    /// |Lo| ≤ ulp(Hi)/2), else 0: undecided.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int SignBeyond(double errorBound) => Hi > errorBound ? 1 : -Hi > errorBound ? -1 : 0;
}

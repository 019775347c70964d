using System.Numerics;

namespace Orleans.Analytics.Topology.Predicates;

/// <summary>Exact signs of the orientation and in-circle/in-sphere determinants. The doubles are scaled by one power
/// of two into integers; the determinant is then evaluated in 64-bit or 128-bit integers when the coordinate
/// differences are short enough for no intermediate to overflow (grids and other inputs with few significant bits,
/// where exact zeros are common), and in <see cref="BigInteger"/> otherwise.</summary>
internal static class ExactPredicates
{
    /// <summary>Sign of det[b − a, c − a] for values (ax, ay, bx, by, cx, cy).</summary>
    public static int Orient2(ReadOnlySpan<double> values)
    {
        // Degree 2, two terms: |det| < 2^(2B + 1) for differences below 2^B.
        Span<long> s = stackalloc long[6];
        if (ExactArithmetic.TryScale(values, s))
        {
            int bits = DifferenceBits(s, 2, 0);
            if (bits <= 30)
            {
                return Orient2Det<long>(s).Sign();
            }

            if (bits <= 62)
            {
                return Orient2Det<Int128>(Widen(s, stackalloc Int128[6])).Sign();
            }
        }

        return Orient2Det<BigInteger>(ExactArithmetic.Scale(values)).Sign;
    }

    /// <summary>Sign of det[b − a, c − a, d − a] for the 12 coordinates of a, b, c, d.</summary>
    public static int Orient3(ReadOnlySpan<double> values)
    {
        // Degree 3, six terms: |det| < 2^(3B + 3).
        Span<long> s = stackalloc long[12];
        if (ExactArithmetic.TryScale(values, s))
        {
            int bits = DifferenceBits(s, 3, 0);
            if (bits <= 19)
            {
                return Orient3Det<long>(s).Sign();
            }

            if (bits <= 41)
            {
                return Orient3Det<Int128>(Widen(s, stackalloc Int128[12])).Sign();
            }
        }

        return Orient3Det<BigInteger>(ExactArithmetic.Scale(values)).Sign;
    }

    /// <summary>Sign of det[q − d, |q − d|²] over q = a, b, c for the 8 coordinates of a, b, c, d.</summary>
    public static int InCircle(ReadOnlySpan<double> values)
    {
        // Degree 4, lifts below 2^(2B + 1), minors below 2^(2B + 1), three terms: |det| < 2^(4B + 4).
        Span<long> s = stackalloc long[8];
        if (ExactArithmetic.TryScale(values, s))
        {
            int bits = DifferenceBits(s, 2, 3);
            if (bits <= 14)
            {
                return InCircleDet<long>(s).Sign();
            }

            if (bits <= 30)
            {
                return InCircleDet<Int128>(Widen(s, stackalloc Int128[8])).Sign();
            }
        }

        return InCircleDet<BigInteger>(ExactArithmetic.Scale(values)).Sign;
    }

    /// <summary>Sign of det[q − e, |q − e|²] over q = a, b, c, d for the 15 coordinates of a, b, c, d, e.</summary>
    public static int InSphere(ReadOnlySpan<double> values)
    {
        // Degree 5, lifts below 2^(2B + 2), 3×3 minors below 2^(3B + 3), four terms: |det| < 2^(5B + 7).
        Span<long> s = stackalloc long[15];
        if (ExactArithmetic.TryScale(values, s))
        {
            int bits = DifferenceBits(s, 3, 4);
            if (bits <= 11)
            {
                return InSphereDet<long>(s).Sign();
            }

            if (bits <= 23)
            {
                return InSphereDet<Int128>(Widen(s, stackalloc Int128[15])).Sign();
            }
        }

        return InSphereDet<BigInteger>(ExactArithmetic.Scale(values)).Sign;
    }

    /// <summary>Number of bits of the largest |coordinate − the same coordinate of point <paramref name="origin"/>|.</summary>
    private static int DifferenceBits(ReadOnlySpan<long> s, int dimension, int origin)
    {
        ulong largest = 0;
        for (int i = 0; i < s.Length; i++)
        {
            largest = Math.Max(largest, (ulong)Math.Abs(s[i] - s[(origin * dimension) + (i % dimension)]));
        }

        return 64 - BitOperations.LeadingZeroCount(largest);
    }

    private static Span<Int128> Widen(ReadOnlySpan<long> s, Span<Int128> result)
    {
        for (int i = 0; i < s.Length; i++)
        {
            result[i] = s[i];
        }

        return result;
    }

    private static int Sign<T>(this T value)
        where T : INumber<T> => T.Sign(value);

    private static T Orient2Det<T>(ReadOnlySpan<T> s)
        where T : INumber<T> =>
        ((s[2] - s[0]) * (s[5] - s[1])) - ((s[3] - s[1]) * (s[4] - s[0]));

    private static T Orient3Det<T>(ReadOnlySpan<T> s)
        where T : INumber<T>
    {
        T bx = s[3] - s[0], by = s[4] - s[1], bz = s[5] - s[2];
        T cx = s[6] - s[0], cy = s[7] - s[1], cz = s[8] - s[2];
        T dx = s[9] - s[0], dy = s[10] - s[1], dz = s[11] - s[2];
        return (bx * ((cy * dz) - (cz * dy))) - (by * ((cx * dz) - (cz * dx))) + (bz * ((cx * dy) - (cy * dx)));
    }

    private static T InCircleDet<T>(ReadOnlySpan<T> s)
        where T : INumber<T>
    {
        T ax = s[0] - s[6], ay = s[1] - s[7], bx = s[2] - s[6], by = s[3] - s[7], cx = s[4] - s[6], cy = s[5] - s[7];
        T alift = (ax * ax) + (ay * ay), blift = (bx * bx) + (by * by), clift = (cx * cx) + (cy * cy);
        return (alift * ((bx * cy) - (cx * by))) + (blift * ((cx * ay) - (ax * cy))) + (clift * ((ax * by) - (bx * ay)));
    }

    private static T InSphereDet<T>(ReadOnlySpan<T> s)
        where T : INumber<T>
    {
        T ax = s[0] - s[12], ay = s[1] - s[13], az = s[2] - s[14];
        T bx = s[3] - s[12], by = s[4] - s[13], bz = s[5] - s[14];
        T cx = s[6] - s[12], cy = s[7] - s[13], cz = s[8] - s[14];
        T dx = s[9] - s[12], dy = s[10] - s[13], dz = s[11] - s[14];
        T ab = (ax * by) - (bx * ay), bc = (bx * cy) - (cx * by), cd = (cx * dy) - (dx * cy);
        T da = (dx * ay) - (ax * dy), ac = (ax * cy) - (cx * ay), bd = (bx * dy) - (dx * by);
        T abc = (az * bc) - (bz * ac) + (cz * ab);
        T bcd = (bz * cd) - (cz * bd) + (dz * bc);
        T cda = (cz * da) + (dz * ac) + (az * cd);
        T dab = (dz * ab) + (az * bd) + (bz * da);
        T alift = (ax * ax) + (ay * ay) + (az * az), blift = (bx * bx) + (by * by) + (bz * bz);
        T clift = (cx * cx) + (cy * cy) + (cz * cz), dlift = (dx * dx) + (dy * dy) + (dz * dz);
        return ((dlift * abc) - (clift * dab)) + ((blift * cda) - (alift * bcd));
    }
}

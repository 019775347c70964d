using System.Numerics;

namespace Orleans.Analytics.Topology.Predicates;

/// <summary>Exact evaluation helpers: doubles become integers sharing one power-of-two scale, so sums, differences
/// and products of them are exact and determinant signs are exact.</summary>
internal static class ExactArithmetic
{
    /// <summary>Scales every value by the same power of two so all become integers.</summary>
    public static BigInteger[] Scale(ReadOnlySpan<double> values) => Scale(values, out _);

    /// <summary>Scales every value by the same power of two: values[i] = result[i] × 2^<paramref name="exponent"/>.</summary>
    public static BigInteger[] Scale(ReadOnlySpan<double> values, out int exponent)
    {
        Span<long> mantissa = stackalloc long[values.Length];
        Span<int> exponents = stackalloc int[values.Length];
        int min = int.MaxValue;
        for (int i = 0; i < values.Length; i++)
        {
            Decompose(values[i], out mantissa[i], out exponents[i]);
            if (mantissa[i] != 0 && exponents[i] < min)
            {
                min = exponents[i];
            }
        }

        exponent = min == int.MaxValue ? 0 : min;
        var result = new BigInteger[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = mantissa[i] == 0 ? BigInteger.Zero : new BigInteger(mantissa[i]) << (exponents[i] - min);
        }

        return result;
    }

    /// <summary>value = mantissa × 2^exponent exactly.</summary>
    public static void Decompose(double value, out long mantissa, out int exponent)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        bool negative = bits < 0;
        int rawExponent = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        if (rawExponent == 0)
        {
            exponent = -1074;
        }
        else
        {
            fraction |= 1L << 52;
            exponent = rawExponent - 1075;
        }

        if (fraction == 0)
        {
            mantissa = 0;
            exponent = 0;
            return;
        }

        int trailing = BitOperations.TrailingZeroCount(fraction);
        fraction >>= trailing;
        exponent += trailing;
        mantissa = negative ? -fraction : fraction;
    }

    /// <summary>The double nearest (within an ulp or so) to numerator / denominator.</summary>
    public static double Ratio(BigInteger numerator, BigInteger denominator)
    {
        if (numerator.IsZero)
        {
            return 0;
        }

        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        int sign = numerator.Sign;
        numerator = BigInteger.Abs(numerator);
        long shift = 64 - (long)(numerator.GetBitLength() - denominator.GetBitLength());
        var quotient = shift >= 0 ? (numerator << (int)shift) / denominator : numerator / (denominator << (int)-shift);
        return sign * Math.ScaleB((double)quotient, (int)-shift);
    }

    public static BigInteger Det2(BigInteger a, BigInteger b, BigInteger c, BigInteger d) => (a * d) - (b * c);

    public static BigInteger Det3(
        BigInteger a, BigInteger b, BigInteger c,
        BigInteger d, BigInteger e, BigInteger f,
        BigInteger g, BigInteger h, BigInteger i) =>
        (a * ((e * i) - (f * h))) - (b * ((d * i) - (f * g))) + (c * ((d * h) - (e * g)));

    /// <summary>Determinant of a 4×4 matrix given row-major.</summary>
    public static BigInteger Det4(ReadOnlySpan<BigInteger> m)
    {
        BigInteger total = BigInteger.Zero;
        Span<int> rest = stackalloc int[3];
        for (int col = 0; col < 4; col++)
        {
            if (m[col].IsZero)
            {
                continue;
            }

            int r = 0;
            for (int c = 0; c < 4; c++)
            {
                if (c != col)
                {
                    rest[r++] = c;
                }
            }

            var minor = Det3(
                m[4 + rest[0]], m[4 + rest[1]], m[4 + rest[2]],
                m[8 + rest[0]], m[8 + rest[1]], m[8 + rest[2]],
                m[12 + rest[0]], m[12 + rest[1]], m[12 + rest[2]]);
            total += (col % 2 == 0 ? 1 : -1) * m[col] * minor;
        }

        return total;
    }
}

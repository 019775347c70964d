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

    /// <summary>Scales every value by the same power of two into <paramref name="result"/> as 64-bit integers;
    /// false when one of them would need more than 62 bits (then their differences still fit in a long).</summary>
    public static bool TryScale(ReadOnlySpan<double> values, Span<long> result)
    {
        Span<int> exponents = stackalloc int[values.Length];
        int min = int.MaxValue;
        int max = int.MinValue;
        for (int i = 0; i < values.Length; i++)
        {
            Decompose(values[i], out result[i], out exponents[i]);
            if (result[i] != 0)
            {
                min = Math.Min(min, exponents[i]);
                max = Math.Max(max, exponents[i] + (64 - BitOperations.LeadingZeroCount((ulong)Math.Abs(result[i]))));
            }
        }

        if (min == int.MaxValue)
        {
            return true;
        }

        if (max - min > 62)
        {
            return false;
        }

        for (int i = 0; i < values.Length; i++)
        {
            result[i] <<= exponents[i] - min;
        }

        return true;
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
}

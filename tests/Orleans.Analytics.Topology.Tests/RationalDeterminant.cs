using System.Numerics;

namespace Orleans.Analytics.Topology.Tests;

/// <summary>Reference signs for the geometric predicates, computed independently of the engine: every double becomes
/// an integer times one power of two (through Math.ILogB/ScaleB), and the sign of the full homogeneous determinant
/// (rows [coordinates, lift, 1]) comes from fraction-free Gaussian elimination (Bareiss).</summary>
internal static class RationalDeterminant
{
    /// <summary>Sign of det[b − a, c − a].</summary>
    public static int Orient2(double[] a, double[] b, double[] c) => Sign([[a[0], a[1], 1], [b[0], b[1], 1], [c[0], c[1], 1]], lift: false);

    /// <summary>Sign of det[b − a, c − a, d − a]: minus the homogeneous 4×4 determinant.</summary>
    public static int Orient3(double[] a, double[] b, double[] c, double[] d) =>
        -Sign([[a[0], a[1], a[2], 1], [b[0], b[1], b[2], 1], [c[0], c[1], c[2], 1], [d[0], d[1], d[2], 1]], lift: false);

    /// <summary>Sign of the lifted 4×4 determinant of a, b, c, d: positive when d is inside the circle of a
    /// counter-clockwise a, b, c.</summary>
    public static int InCircle(double[] a, double[] b, double[] c, double[] d) =>
        Sign([[a[0], a[1], 0, 1], [b[0], b[1], 0, 1], [c[0], c[1], 0, 1], [d[0], d[1], 0, 1]], lift: true, liftColumn: 2, coordinates: 2);

    /// <summary>Sign of the lifted 5×5 determinant of a..e: negative when e is inside the sphere of a positively
    /// oriented a, b, c, d.</summary>
    public static int InSphere(double[] a, double[] b, double[] c, double[] d, double[] e) => Sign(
        [[a[0], a[1], a[2], 0, 1], [b[0], b[1], b[2], 0, 1], [c[0], c[1], c[2], 0, 1], [d[0], d[1], d[2], 0, 1], [e[0], e[1], e[2], 0, 1]],
        lift: true,
        liftColumn: 3,
        coordinates: 3);

    private static int Sign(double[][] rows, bool lift, int liftColumn = -1, int coordinates = 0)
    {
        int n = rows.Length;

        // Common unit 2^e over every coordinate; the lifted column is then exact in units of 2^(2e).
        int unit = int.MaxValue;
        foreach (var row in rows)
        {
            for (int k = 0; k < row.Length; k++)
            {
                if (row[k] != 0 && k != liftColumn && k != row.Length - 1)
                {
                    unit = Math.Min(unit, Math.ILogB(row[k]) - 52);
                }
            }
        }

        unit = unit == int.MaxValue ? 0 : unit;
        var m = new BigInteger[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < n; k++)
            {
                if (k == liftColumn || k == n - 1)
                {
                    continue;
                }

                m[i, k] = Integer(rows[i][k], unit);
            }

            // Scale the columns so every entry is an integer: coordinates by 2^-unit, the lift by 2^-2unit, the
            // constant column by 1 (the determinant's sign is unchanged by positive column scalings).
            m[i, n - 1] = BigInteger.One;
            if (lift)
            {
                BigInteger l = BigInteger.Zero;
                for (int k = 0; k < coordinates; k++)
                {
                    l += m[i, k] * m[i, k];
                }

                m[i, liftColumn] = l;
            }
        }

        return Bareiss(m, n);
    }

    private static BigInteger Integer(double value, int unit)
    {
        if (value == 0)
        {
            return BigInteger.Zero;
        }

        int exponent = Math.ILogB(value) - 52;
        double mantissa = Math.ScaleB(value, -exponent);
        if (mantissa != Math.Floor(mantissa))
        {
            throw new InvalidOperationException($"{value:R} is subnormal; the reference does not handle it.");
        }

        return new BigInteger(mantissa) << (exponent - unit);
    }

    private static int Bareiss(BigInteger[,] m, int n)
    {
        int sign = 1;
        BigInteger previous = BigInteger.One;
        for (int k = 0; k < n - 1; k++)
        {
            if (m[k, k].IsZero)
            {
                int swap = -1;
                for (int i = k + 1; i < n; i++)
                {
                    if (!m[i, k].IsZero)
                    {
                        swap = i;
                        break;
                    }
                }

                if (swap < 0)
                {
                    return 0;
                }

                for (int j = 0; j < n; j++)
                {
                    (m[k, j], m[swap, j]) = (m[swap, j], m[k, j]);
                }

                sign = -sign;
            }

            for (int i = k + 1; i < n; i++)
            {
                for (int j = k + 1; j < n; j++)
                {
                    m[i, j] = ((m[i, j] * m[k, k]) - (m[i, k] * m[k, j])) / previous;
                }
            }

            previous = m[k, k];
        }

        return sign * m[n - 1, n - 1].Sign;
    }
}

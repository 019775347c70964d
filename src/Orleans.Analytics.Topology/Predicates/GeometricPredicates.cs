using System.Numerics;

namespace Orleans.Analytics.Topology.Predicates;

/// <summary>Orientation and in-circle/in-sphere signs: a floating-point evaluation with a forward error bound
/// (Shewchuk's stage-A bounds), falling back to exact integer arithmetic when the bound cannot decide.</summary>
internal static class GeometricPredicates
{
    private const double Epsilon = 1.1102230246251565e-16;
    private const double Orient2Bound = (3.0 + (16.0 * Epsilon)) * Epsilon;
    private const double Orient3Bound = (7.0 + (56.0 * Epsilon)) * Epsilon;
    private const double InCircleBound = (10.0 + (96.0 * Epsilon)) * Epsilon;
    private const double InSphereBound = (32.0 + (448.0 * Epsilon)) * Epsilon;

    /// <summary>Sign of det[b − a, c − a]: positive when a, b, c turn counter-clockwise.</summary>
    public static int Orient2(double ax, double ay, double bx, double by, double cx, double cy)
    {
        double left = (bx - ax) * (cy - ay);
        double right = (by - ay) * (cx - ax);
        double det = left - right;
        double bound = Orient2Bound * (Math.Abs(left) + Math.Abs(right));
        if (det > bound || -det > bound)
        {
            return Math.Sign(det);
        }

        var s = ExactArithmetic.Scale([ax, ay, bx, by, cx, cy]);
        return ExactArithmetic.Det2(s[2] - s[0], s[3] - s[1], s[4] - s[0], s[5] - s[1]).Sign;
    }

    /// <summary>Sign of det[b − a, c − a, d − a] (positive for a right-handed tetrahedron).</summary>
    public static int Orient3(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, ReadOnlySpan<double> d)
    {
        double bx = b[0] - a[0], by = b[1] - a[1], bz = b[2] - a[2];
        double cx = c[0] - a[0], cy = c[1] - a[1], cz = c[2] - a[2];
        double dx = d[0] - a[0], dy = d[1] - a[1], dz = d[2] - a[2];
        double cydz = cy * dz, czdy = cz * dy, cxdz = cx * dz, czdx = cz * dx, cxdy = cx * dy, cydx = cy * dx;
        double det = (bx * (cydz - czdy)) - (by * (cxdz - czdx)) + (bz * (cxdy - cydx));
        double permanent = (Math.Abs(bx) * (Math.Abs(cydz) + Math.Abs(czdy)))
            + (Math.Abs(by) * (Math.Abs(cxdz) + Math.Abs(czdx)))
            + (Math.Abs(bz) * (Math.Abs(cxdy) + Math.Abs(cydx)));
        double bound = Orient3Bound * permanent;
        if (det > bound || -det > bound)
        {
            return Math.Sign(det);
        }

        var s = ExactArithmetic.Scale([a[0], a[1], a[2], b[0], b[1], b[2], c[0], c[1], c[2], d[0], d[1], d[2]]);
        return ExactOrient3(s, 0, 3, 6, 9);
    }

    public static int ExactOrient3(BigInteger[] s, int a, int b, int c, int d) => ExactArithmetic.Det3(
        s[b] - s[a], s[b + 1] - s[a + 1], s[b + 2] - s[a + 2],
        s[c] - s[a], s[c + 1] - s[a + 1], s[c + 2] - s[a + 2],
        s[d] - s[a], s[d + 1] - s[a + 1], s[d + 2] - s[a + 2]).Sign;

    /// <summary>Sign of det[q − d, |q − d|²] over q = a, b, c: for counter-clockwise a, b, c positive when d is
    /// strictly inside their circumcircle.</summary>
    public static int InCircle(double ax, double ay, double bx, double by, double cx, double cy, double dx, double dy)
    {
        double adx = ax - dx, ady = ay - dy, bdx = bx - dx, bdy = by - dy, cdx = cx - dx, cdy = cy - dy;
        double bdxcdy = bdx * cdy, cdxbdy = cdx * bdy, cdxady = cdx * ady, adxcdy = adx * cdy, adxbdy = adx * bdy, bdxady = bdx * ady;
        double alift = (adx * adx) + (ady * ady);
        double blift = (bdx * bdx) + (bdy * bdy);
        double clift = (cdx * cdx) + (cdy * cdy);
        double det = (alift * (bdxcdy - cdxbdy)) + (blift * (cdxady - adxcdy)) + (clift * (adxbdy - bdxady));
        double permanent = ((Math.Abs(bdxcdy) + Math.Abs(cdxbdy)) * alift)
            + ((Math.Abs(cdxady) + Math.Abs(adxcdy)) * blift)
            + ((Math.Abs(adxbdy) + Math.Abs(bdxady)) * clift);
        double bound = InCircleBound * permanent;
        if (det > bound || -det > bound)
        {
            return Math.Sign(det);
        }

        var s = ExactArithmetic.Scale([ax, ay, bx, by, cx, cy, dx, dy]);
        BigInteger ex = s[0] - s[6], ey = s[1] - s[7], fx = s[2] - s[6], fy = s[3] - s[7], gx = s[4] - s[6], gy = s[5] - s[7];
        return ExactArithmetic.Det3(
            ex, ey, (ex * ex) + (ey * ey),
            fx, fy, (fx * fx) + (fy * fy),
            gx, gy, (gx * gx) + (gy * gy)).Sign;
    }

    /// <summary>Sign of det[q − e, |q − e|²] over q = a, b, c, d: for a right-handed a, b, c, d (positive
    /// <see cref="Orient3"/>) negative when e is strictly inside their circumsphere.</summary>
    public static int InSphere(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, ReadOnlySpan<double> d, ReadOnlySpan<double> e)
    {
        Span<double> m = stackalloc double[16];
        Fill(m, 0, a, e);
        Fill(m, 4, b, e);
        Fill(m, 8, c, e);
        Fill(m, 12, d, e);
        double det = 0;
        double permanent = 0;
        for (int row = 0; row < 4; row++)
        {
            // Expansion along the lifted column; each 3×3 minor in floating point with its own permanent.
            int r0 = row == 0 ? 1 : 0, r1 = row <= 1 ? 2 : 1, r2 = row <= 2 ? 3 : 2;
            double m00 = m[(r0 * 4) + 0], m01 = m[(r0 * 4) + 1], m02 = m[(r0 * 4) + 2];
            double m10 = m[(r1 * 4) + 0], m11 = m[(r1 * 4) + 1], m12 = m[(r1 * 4) + 2];
            double m20 = m[(r2 * 4) + 0], m21 = m[(r2 * 4) + 1], m22 = m[(r2 * 4) + 2];
            double p1 = m11 * m22, p2 = m12 * m21, p3 = m10 * m22, p4 = m12 * m20, p5 = m10 * m21, p6 = m11 * m20;
            double minor = (m00 * (p1 - p2)) - (m01 * (p3 - p4)) + (m02 * (p5 - p6));
            double minorPermanent = (Math.Abs(m00) * (Math.Abs(p1) + Math.Abs(p2)))
                + (Math.Abs(m01) * (Math.Abs(p3) + Math.Abs(p4)))
                + (Math.Abs(m02) * (Math.Abs(p5) + Math.Abs(p6)));
            double lift = m[(row * 4) + 3];
            double sign = ((row + 3) % 2 == 0) ? 1 : -1;
            det += sign * lift * minor;
            permanent += lift * minorPermanent;
        }

        double bound = InSphereBound * permanent;
        if (det > bound || -det > bound)
        {
            return Math.Sign(det);
        }

        var s = ExactArithmetic.Scale([a[0], a[1], a[2], b[0], b[1], b[2], c[0], c[1], c[2], d[0], d[1], d[2], e[0], e[1], e[2]]);
        return ExactInSphere(s, 0, 3, 6, 9, 12);
    }

    /// <summary>Exact <see cref="InSphere"/> over scaled integer coordinates at the given offsets.</summary>
    public static int ExactInSphere(BigInteger[] s, int a, int b, int c, int d, int e)
    {
        Span<BigInteger> m = new BigInteger[16];
        int row = 0;
        foreach (int q in (ReadOnlySpan<int>)[a, b, c, d])
        {
            BigInteger x = s[q] - s[e], y = s[q + 1] - s[e + 1], z = s[q + 2] - s[e + 2];
            m[row] = x;
            m[row + 1] = y;
            m[row + 2] = z;
            m[row + 3] = (x * x) + (y * y) + (z * z);
            row += 4;
        }

        return ExactArithmetic.Det4(m).Sign;
    }

    private static void Fill(Span<double> m, int at, ReadOnlySpan<double> q, ReadOnlySpan<double> e)
    {
        double x = q[0] - e[0], y = q[1] - e[1], z = q[2] - e[2];
        m[at] = x;
        m[at + 1] = y;
        m[at + 2] = z;
        m[at + 3] = (x * x) + (y * y) + (z * z);
    }
}

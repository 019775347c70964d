using System.Numerics;
using Orleans.Analytics.Topology.Predicates;
using DD = Orleans.Analytics.Topology.Predicates.DoubleDouble;

namespace Orleans.Analytics.Topology.Alpha;

/// <summary>Squared radii of smallest circumscribing spheres and Gabriel tests, both exact. Points are given by id
/// into a flat array of the cloud's dimension.
/// <para>A squared radius is a quotient N/D of polynomials in the coordinates. It is evaluated in double-double
/// arithmetic with an error bound, which in all but exactly representable cases pins the two consecutive doubles
/// around the exact value; exact integer arithmetic settles the rest. The value returned is then the one GUDHI and
/// CGAL return for an exact number (the midpoint of its tightest double interval, rounded to nearest even): the
/// exact value when it is a double, else the neighbour with an even significand. Equal radii (co-spherical
/// simplices) therefore get equal values, a value never crosses a threshold it does not cross exactly, and the
/// filtration agrees bit for bit with GUDHI's exact mode.</para>
/// <para>A Gabriel test is the sign of a polynomial: a floating-point evaluation with a forward error bound,
/// then double-double, then exact integers.</para></summary>
internal sealed class Circumsphere(double[] points, int dimension)
{
    private const double Epsilon = 1.1102230246251565e-16;

    // Double-double stages: program depth plus two (permanents from rounded values, high-word slack).
    private const double EdgeBound = 5 * DD.Unit;
    private const double TriangleNumeratorBound = 7 * DD.Unit;
    private const double TriangleDenominatorBound = 7 * DD.Unit;
    private const double TetrahedronNumeratorBound = 13 * DD.Unit;
    private const double TetrahedronDenominatorBound = 8 * DD.Unit;
    private const double EdgeGabrielBoundA = 8 * Epsilon;
    private const double EdgeGabrielBoundB = 5 * DD.Unit;
    private const double TriangleGabrielBoundA = 16 * Epsilon;
    private const double TriangleGabrielBoundB = 11 * DD.Unit;

    // Double-double stages run only when every non-zero coordinate difference is in [2^-100, 2^100]: products of
    // up to eight of them stay far from underflow and overflow.
    private const double SmallestDifference = 7.888609052210118e-31;
    private const double LargestDifference = 1.2676506002282294e30;

    private double C(int point, int axis) => axis < dimension ? points[(point * dimension) + axis] : 0.0;

    public double Radius2(ReadOnlySpan<int> simplex) => simplex.Length switch
    {
        1 => 0,
        2 => EdgeRadius2(simplex[0], simplex[1]),
        3 => TriangleRadius2(simplex[0], simplex[1], simplex[2]),
        _ => TetrahedronRadius2(simplex[0], simplex[1], simplex[2], simplex[3]),
    };

    /// <summary>True when <paramref name="opposite"/> lies strictly inside the smallest circumsphere of the face.</summary>
    public bool Encroaches(ReadOnlySpan<int> face, int opposite) => face.Length switch
    {
        1 => false,
        2 => EdgeEncroached(face[0], face[1], opposite),
        _ => TriangleEncroached(face[0], face[1], face[2], opposite),
    };

    private double EdgeRadius2(int a, int b)
    {
        Span<DD> u = stackalloc DD[3];
        if (Differences(b, a, u))
        {
            // |u|²/4: a sum of squares, its own permanent.
            var n = (u[0] * u[0]) + (u[1] * u[1]) + (u[2] * u[2]);
            if (RoundQuotient(n, EdgeBound * n.Hi, 4, 0, out double value))
            {
                return value;
            }
        }

        var s = Exact([a, b], out int e);
        var eu = Sub(s, 1, 0);
        return RoundExact(Dot(eu, eu), 4, 2 * e);
    }

    private double TriangleRadius2(int a, int b, int c)
    {
        // |u|²|v|²|v − u|² / (4 |u × v|²) with u = b − a, v = c − a.
        Span<DD> u = stackalloc DD[3];
        Span<DD> v = stackalloc DD[3];
        Span<DD> w = stackalloc DD[3];
        if (Differences(b, a, u) && Differences(c, a, v) && Differences(c, b, w))
        {
            var uu = Dot(u, u);
            var vv = Dot(v, v);
            var ww = Dot(w, w);
            var n = uu * vv * ww;
            DD cx = (u[1] * v[2]) - (u[2] * v[1]), cy = (u[2] * v[0]) - (u[0] * v[2]), cz = (u[0] * v[1]) - (u[1] * v[0]);
            var d = ((cx * cx) + (cy * cy) + (cz * cz)) * 4;
            double px = (Math.Abs(u[1].Hi * v[2].Hi) + Math.Abs(u[2].Hi * v[1].Hi)) * (1 + (4 * Epsilon));
            double py = (Math.Abs(u[2].Hi * v[0].Hi) + Math.Abs(u[0].Hi * v[2].Hi)) * (1 + (4 * Epsilon));
            double pz = (Math.Abs(u[0].Hi * v[1].Hi) + Math.Abs(u[1].Hi * v[0].Hi)) * (1 + (4 * Epsilon));
            double dPermanent = 4 * ((px * px) + (py * py) + (pz * pz));
            if (RoundQuotient(n, TriangleNumeratorBound * n.Hi, d, TriangleDenominatorBound * dPermanent, out double value))
            {
                return value;
            }
        }

        var s = Exact([a, b, c], out int e);
        var eu = Sub(s, 1, 0);
        var ev = Sub(s, 2, 0);
        var ew = Sub(s, 2, 1);
        var cr = Cross(eu, ev);
        return RoundExact(Dot(eu, eu) * Dot(ev, ev) * Dot(ew, ew), 4 * Dot(cr, cr), 2 * e);
    }

    private double TetrahedronRadius2(int a, int b, int c, int d)
    {
        // |n|² / (4 det²) with n = |u|²(v × w) + |v|²(w × u) + |w|²(u × v), det = u · (v × w).
        Span<DD> u = stackalloc DD[3];
        Span<DD> v = stackalloc DD[3];
        Span<DD> w = stackalloc DD[3];
        if (Differences(b, a, u) && Differences(c, a, v) && Differences(d, a, w))
        {
            Span<DD> vw = stackalloc DD[3];
            Span<DD> wu = stackalloc DD[3];
            Span<DD> uv = stackalloc DD[3];
            Cross(v, w, vw);
            Cross(w, u, wu);
            Cross(u, v, uv);
            var uu = Dot(u, u);
            var vv = Dot(v, v);
            var ww = Dot(w, w);
            var det = Dot(u, vw);
            var nSquared = (DD)0;
            double nPermanent = 0;
            double detPermanent = 0;
            for (int k = 0; k < 3; k++)
            {
                var nk = (uu * vw[k]) + (vv * wu[k]) + (ww * uv[k]);
                nSquared += nk * nk;
                double pk = (uu.Hi * CrossPermanent(v, w, k)) + (vv.Hi * CrossPermanent(w, u, k)) + (ww.Hi * CrossPermanent(u, v, k));
                nPermanent += pk * pk;
                detPermanent += Math.Abs(u[k].Hi) * CrossPermanent(v, w, k);
            }

            var denominator = det * det * 4;
            double dPermanent = 4 * detPermanent * detPermanent;
            if (RoundQuotient(
                nSquared, TetrahedronNumeratorBound * nPermanent * (1 + (32 * Epsilon)), denominator, TetrahedronDenominatorBound * dPermanent * (1 + (32 * Epsilon)), out double value))
            {
                return value;
            }
        }

        var s = Exact([a, b, c, d], out int e);
        var eu = Sub(s, 1, 0);
        var ev = Sub(s, 2, 0);
        var ew = Sub(s, 3, 0);
        var evw = Cross(ev, ew);
        var ewu = Cross(ew, eu);
        var euv = Cross(eu, ev);
        var edet = Dot(eu, evw);
        BigInteger lu = Dot(eu, eu), lv = Dot(ev, ev), lw = Dot(ew, ew);
        var n = new BigInteger[3];
        for (int k = 0; k < 3; k++)
        {
            n[k] = (lu * evw[k]) + (lv * ewu[k]) + (lw * euv[k]);
        }

        return RoundExact(Dot(n, n), 4 * edet * edet, 2 * e);
    }

    private bool EdgeEncroached(int a, int b, int c)
    {
        // (c − a) · (c − b) < 0: c strictly inside the ball with diameter ab.
        double s = 0, permanent = 0;
        for (int k = 0; k < 3; k++)
        {
            double p = (C(c, k) - C(a, k)) * (C(c, k) - C(b, k));
            s += p;
            permanent += Math.Abs(p);
        }

        if (Math.Abs(s) > EdgeGabrielBoundA * permanent && permanent > 1e-250)
        {
            return s < 0;
        }

        Span<DD> x = stackalloc DD[3];
        Span<DD> y = stackalloc DD[3];
        if (Differences(c, a, x) && Differences(c, b, y))
        {
            int sign = Dot(x, y).SignBeyond(EdgeGabrielBoundB * permanent);
            if (sign != 0)
            {
                return sign < 0;
            }
        }

        var e = Exact([a, b, c], out _);
        return Dot(Sub(e, 2, 0), Sub(e, 2, 1)).Sign < 0;
    }

    private bool TriangleEncroached(int a, int b, int c, int d)
    {
        // With u = b − a, v = c − a, w = d − a, the centre of the smallest circumsphere is a + αu + βv with
        // α = |v|²(|u|² − u·v)/(2 den), β = |u|²(|v|² − u·v)/(2 den), den = |u|²|v|² − (u·v)² > 0, so
        // |w − αu − βv|² − r² = |w|² − 2w·(αu + βv), times den:
        // value = den |w|² − |v|²(|u|² − u·v)(w·u) − |u|²(|v|² − u·v)(w·v), negative when d is strictly inside.
        Span<double> u = [C(b, 0) - C(a, 0), C(b, 1) - C(a, 1), C(b, 2) - C(a, 2)];
        Span<double> v = [C(c, 0) - C(a, 0), C(c, 1) - C(a, 1), C(c, 2) - C(a, 2)];
        Span<double> w = [C(d, 0) - C(a, 0), C(d, 1) - C(a, 1), C(d, 2) - C(a, 2)];
        double uu = Dot(u, u), vv = Dot(v, v), uv = Dot(u, v), wu = Dot(w, u), wv = Dot(w, v), ww = Dot(w, w);
        double den = (uu * vv) - (uv * uv);
        double t1 = den * ww, t2 = vv * (uu - uv) * wu, t3 = uu * (vv - uv) * wv;
        double value = t1 - t2 - t3;
        double uvPlus = AbsDot(u, v), wuPlus = AbsDot(w, u), wvPlus = AbsDot(w, v);
        double permanent = (((uu * vv) + (uvPlus * uvPlus)) * ww) + (vv * (uu + uvPlus) * wuPlus) + (uu * (vv + uvPlus) * wvPlus);
        if (Math.Abs(value) > TriangleGabrielBoundA * permanent && permanent > 1e-250)
        {
            return value < 0;
        }

        Span<DD> du = stackalloc DD[3];
        Span<DD> dv = stackalloc DD[3];
        Span<DD> dw = stackalloc DD[3];
        if (Differences(b, a, du) && Differences(c, a, dv) && Differences(d, a, dw))
        {
            DD xuu = Dot(du, du), xvv = Dot(dv, dv), xuv = Dot(du, dv), xwu = Dot(dw, du), xwv = Dot(dw, dv), xww = Dot(dw, dw);
            var exactish = (((xuu * xvv) - (xuv * xuv)) * xww) - (xvv * (xuu - xuv) * xwu) - (xuu * (xvv - xuv) * xwv);
            int sign = exactish.SignBeyond(TriangleGabrielBoundB * permanent * (1 + (32 * Epsilon)));
            if (sign != 0)
            {
                return sign < 0;
            }
        }

        var s = Exact([a, b, c, d], out _);
        var eu = Sub(s, 1, 0);
        var ev = Sub(s, 2, 0);
        var ew = Sub(s, 3, 0);
        BigInteger euu = Dot(eu, eu), evv = Dot(ev, ev), euv = Dot(eu, ev);
        var exact = (((euu * evv) - (euv * euv)) * Dot(ew, ew)) - (evv * (euu - euv) * Dot(ew, eu)) - (euu * (evv - euv) * Dot(ew, ev));
        return exact.Sign < 0;
    }

    /// <summary>Exact differences of two points, false when one is outside the double-double stages' range.</summary>
    private bool Differences(int p, int q, Span<DD> result)
    {
        for (int k = 0; k < 3; k++)
        {
            result[k] = DD.Difference(C(p, k), C(q, k));
            double m = Math.Abs(result[k].Hi);
            if (m != 0 && (m < SmallestDifference || m > LargestDifference))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The GUDHI-compatible rounding of N/D from double-double approximations within the given absolute
    /// errors; false when they cannot decide it (the exact value is a double, or too close to one).</summary>
    private static bool RoundQuotient(DD n, double nError, DD d, double dError, out double value)
    {
        value = 0;
        if (!(d.Hi - dError > 0) || !double.IsFinite(n.Hi) || !double.IsFinite(d.Hi) || !(n.Hi > 0))
        {
            return false;
        }

        // r = N − t·D for the candidate t; the exact quotient lies above t exactly when r > 0. Its error is the
        // numerator's, t times the denominator's, and the double-double rounding of the product and difference.
        double t = n.Hi / d.Hi;
        var r = n - (d * t);
        double error = (nError + (t * dError) + (3 * DD.Unit * t * Math.Abs(d.Hi))) * (1 + (8 * Epsilon));
        int side = r.SignBeyond(error);
        if (side == 0)
        {
            return false;
        }

        for (int step = 0; step < 4; step++)
        {
            double next = side > 0 ? Math.BitIncrement(t) : Math.BitDecrement(t);
            double gap = next - t;
            var rNext = r - (d * gap);
            double nextError = (error + (Math.Abs(gap) * dError) + (3 * DD.Unit * (Math.Abs(gap * d.Hi) + r.Magnitude()))) * (1 + (4 * Epsilon));
            int nextSide = rNext.SignBeyond(nextError);
            if (nextSide == 0)
            {
                return false;
            }

            if (nextSide != side)
            {
                value = Midpoint(Math.Min(t, next), Math.Max(t, next));
                return true;
            }

            (t, r, error) = (next, rNext, nextError);
        }

        return false;
    }

    /// <summary>The GUDHI-compatible rounding of (N/D)·2^scale for exact integers N, D > 0.</summary>
    private static double RoundExact(BigInteger n, BigInteger d, int scale)
    {
        double t = Math.ScaleB(ExactArithmetic.Ratio(n, d), scale);
        int side = Compare(n, d, scale, t);
        if (side == 0)
        {
            return t;
        }

        while (true)
        {
            double next = side > 0 ? Math.BitIncrement(t) : Math.BitDecrement(t);
            int nextSide = Compare(n, d, scale, next);
            if (nextSide == 0)
            {
                return next;
            }

            if (nextSide != side)
            {
                return Midpoint(Math.Min(t, next), Math.Max(t, next));
            }

            t = next;
        }
    }

    /// <summary>Sign of (N/D)·2^scale − t, exactly.</summary>
    private static int Compare(BigInteger n, BigInteger d, int scale, double t)
    {
        ExactArithmetic.Decompose(t, out long mantissa, out int exponent);
        var left = n;
        var right = d * mantissa;
        int shift = exponent - scale;
        if (shift >= 0)
        {
            right <<= shift;
        }
        else
        {
            left <<= -shift;
        }

        return left.CompareTo(right);
    }

    /// <summary>(lo + hi)/2 in floating point: the even-significand one of two consecutive doubles, as CGAL turns an
    /// exact number into a double.</summary>
    private static double Midpoint(double lo, double hi)
    {
        double mid = (lo + hi) / 2;
        return double.IsFinite(mid) ? mid : (lo / 2) + (hi / 2);
    }

    private static double CrossPermanent(ReadOnlySpan<DD> p, ReadOnlySpan<DD> q, int k)
    {
        int i = (k + 1) % 3, j = (k + 2) % 3;
        return (Math.Abs(p[i].Hi * q[j].Hi) + Math.Abs(p[j].Hi * q[i].Hi)) * (1 + (4 * Epsilon));
    }

    private BigInteger[] Exact(ReadOnlySpan<int> ids, out int exponent)
    {
        Span<double> values = stackalloc double[ids.Length * 3];
        for (int i = 0; i < ids.Length; i++)
        {
            for (int k = 0; k < 3; k++)
            {
                values[(i * 3) + k] = C(ids[i], k);
            }
        }

        return ExactArithmetic.Scale(values, out exponent);
    }

    private static BigInteger[] Sub(BigInteger[] s, int i, int j) => [s[i * 3] - s[j * 3], s[(i * 3) + 1] - s[(j * 3) + 1], s[(i * 3) + 2] - s[(j * 3) + 2]];

    private static BigInteger[] Cross(BigInteger[] u, BigInteger[] v) =>
        [(u[1] * v[2]) - (u[2] * v[1]), (u[2] * v[0]) - (u[0] * v[2]), (u[0] * v[1]) - (u[1] * v[0])];

    private static void Cross(ReadOnlySpan<DD> u, ReadOnlySpan<DD> v, Span<DD> r)
    {
        r[0] = (u[1] * v[2]) - (u[2] * v[1]);
        r[1] = (u[2] * v[0]) - (u[0] * v[2]);
        r[2] = (u[0] * v[1]) - (u[1] * v[0]);
    }

    private static BigInteger Dot(BigInteger[] u, BigInteger[] v) => (u[0] * v[0]) + (u[1] * v[1]) + (u[2] * v[2]);

    private static DD Dot(ReadOnlySpan<DD> u, ReadOnlySpan<DD> v) => (u[0] * v[0]) + (u[1] * v[1]) + (u[2] * v[2]);

    private static double Dot(ReadOnlySpan<double> u, ReadOnlySpan<double> v) => (u[0] * v[0]) + (u[1] * v[1]) + (u[2] * v[2]);

    private static double AbsDot(ReadOnlySpan<double> u, ReadOnlySpan<double> v) =>
        (Math.Abs(u[0] * v[0]) + Math.Abs(u[1] * v[1]) + Math.Abs(u[2] * v[2])) * (1 + (4 * Epsilon));
}

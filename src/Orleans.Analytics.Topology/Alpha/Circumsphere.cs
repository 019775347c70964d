using System.Numerics;
using Orleans.Analytics.Topology.Predicates;

namespace Orleans.Analytics.Topology.Alpha;

/// <summary>Squared radii of smallest circumscribing spheres and Gabriel tests, in floating point when well
/// conditioned and exactly otherwise. Points are given by id into a flat array of the cloud's dimension.</summary>
internal sealed class Circumsphere(double[] points, int dimension)
{
    private const double Conditioning = 1e-5;

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
        double s = 0;
        for (int k = 0; k < 3; k++)
        {
            double t = C(a, k) - C(b, k);
            s += t * t;
        }

        return s / 4;
    }

    private double TriangleRadius2(int a, int b, int c)
    {
        Span<double> u = [C(b, 0) - C(a, 0), C(b, 1) - C(a, 1), C(b, 2) - C(a, 2)];
        Span<double> v = [C(c, 0) - C(a, 0), C(c, 1) - C(a, 1), C(c, 2) - C(a, 2)];
        double uu = Dot(u, u), vv = Dot(v, v), uv = Dot(u, v);
        double cx = (u[1] * v[2]) - (u[2] * v[1]), cy = (u[2] * v[0]) - (u[0] * v[2]), cz = (u[0] * v[1]) - (u[1] * v[0]);
        double cross2 = (cx * cx) + (cy * cy) + (cz * cz);
        if (cross2 > Conditioning * Conditioning * uu * vv)
        {
            double ww = uu + vv - (2 * uv);
            return uu * vv * ww / (4 * cross2);
        }

        var s = Exact([a, b, c], out int e);
        var eu = Sub(s, 1, 0);
        var ev = Sub(s, 2, 0);
        var ew = Sub(s, 2, 1);
        var cr = Cross(eu, ev);
        var num = Dot(eu, eu) * Dot(ev, ev) * Dot(ew, ew);
        var den = 4 * Dot(cr, cr);
        return Math.ScaleB(ExactArithmetic.Ratio(num, den), 2 * e);
    }

    private double TetrahedronRadius2(int a, int b, int c, int d)
    {
        Span<double> u = [C(b, 0) - C(a, 0), C(b, 1) - C(a, 1), C(b, 2) - C(a, 2)];
        Span<double> v = [C(c, 0) - C(a, 0), C(c, 1) - C(a, 1), C(c, 2) - C(a, 2)];
        Span<double> w = [C(d, 0) - C(a, 0), C(d, 1) - C(a, 1), C(d, 2) - C(a, 2)];
        Span<double> vw = stackalloc double[3];
        Span<double> wu = stackalloc double[3];
        Span<double> uv = stackalloc double[3];
        Cross(v, w, vw);
        Cross(w, u, wu);
        Cross(u, v, uv);
        double det = Dot(u, vw);
        double uu = Dot(u, u), vvl = Dot(v, v), ww = Dot(w, w);
        if (Math.Abs(det) > Conditioning * Math.Sqrt(uu * vvl * ww))
        {
            double nx = (uu * vw[0]) + (vvl * wu[0]) + (ww * uv[0]);
            double ny = (uu * vw[1]) + (vvl * wu[1]) + (ww * uv[1]);
            double nz = (uu * vw[2]) + (vvl * wu[2]) + (ww * uv[2]);
            return ((nx * nx) + (ny * ny) + (nz * nz)) / (4 * det * det);
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

        return Math.ScaleB(ExactArithmetic.Ratio(Dot(n, n), 4 * edet * edet), 2 * e);
    }

    private bool EdgeEncroached(int a, int b, int c)
    {
        double s = 0, magnitude = 0;
        for (int k = 0; k < 3; k++)
        {
            double p = (C(c, k) - C(a, k)) * (C(c, k) - C(b, k));
            s += p;
            magnitude += Math.Abs(p);
        }

        if (Math.Abs(s) > 1e-12 * magnitude)
        {
            return s < 0;
        }

        var x = Exact([a, b, c], out _);
        return Dot(Sub(x, 2, 0), Sub(x, 2, 1)).Sign < 0;
    }

    private bool TriangleEncroached(int a, int b, int c, int d)
    {
        Span<double> u = [C(b, 0) - C(a, 0), C(b, 1) - C(a, 1), C(b, 2) - C(a, 2)];
        Span<double> v = [C(c, 0) - C(a, 0), C(c, 1) - C(a, 1), C(c, 2) - C(a, 2)];
        Span<double> w = [C(d, 0) - C(a, 0), C(d, 1) - C(a, 1), C(d, 2) - C(a, 2)];
        double uu = Dot(u, u), vv = Dot(v, v), uv = Dot(u, v), wu = Dot(w, u), wv = Dot(w, v), ww = Dot(w, w);
        double den = (uu * vv) - (uv * uv);
        double t1 = den * ww, t2 = vv * (uu - uv) * wu, t3 = uu * (vv - uv) * wv;
        double value = t1 - t2 - t3;
        if (Math.Abs(value) > 1e-9 * (Math.Abs(t1) + Math.Abs(t2) + Math.Abs(t3)) && den > 1e-9 * uu * vv)
        {
            return value < 0;
        }

        var s = Exact([a, b, c, d], out _);
        var eu = Sub(s, 1, 0);
        var ev = Sub(s, 2, 0);
        var ew = Sub(s, 3, 0);
        BigInteger euu = Dot(eu, eu), evv = Dot(ev, ev), euv = Dot(eu, ev);
        var exact = (((euu * evv) - (euv * euv)) * Dot(ew, ew)) - (evv * (euu - euv) * Dot(ew, eu)) - (euu * (evv - euv) * Dot(ew, ev));
        return exact.Sign < 0;
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

    private static BigInteger Dot(BigInteger[] u, BigInteger[] v) => (u[0] * v[0]) + (u[1] * v[1]) + (u[2] * v[2]);

    private static double Dot(ReadOnlySpan<double> u, ReadOnlySpan<double> v) => (u[0] * v[0]) + (u[1] * v[1]) + (u[2] * v[2]);

    private static void Cross(ReadOnlySpan<double> u, ReadOnlySpan<double> v, Span<double> r)
    {
        r[0] = (u[1] * v[2]) - (u[2] * v[1]);
        r[1] = (u[2] * v[0]) - (u[0] * v[2]);
        r[2] = (u[0] * v[1]) - (u[1] * v[0]);
    }
}

using DD = Orleans.Analytics.Topology.Predicates.DoubleDouble;

namespace Orleans.Analytics.Topology.Predicates;

/// <summary>Exact orientation and in-circle/in-sphere signs, in three stages. (A) A floating-point evaluation with
/// Shewchuk's forward error bound (stage-A bounds of his adaptive predicates). (B) The same determinant in
/// double-double arithmetic from exact coordinate differences, with the bound depth × <see cref="DD.Unit"/> ×
/// permanent: nearly degenerate input (points on a sphere up to rounding) is decided here. (C) Exact integer
/// arithmetic (<see cref="ExactPredicates"/>) for what remains, in practice exact zeros.</summary>
internal static class GeometricPredicates
{
    private const double Epsilon = 1.1102230246251565e-16;
    private const double Orient2Bound = (3.0 + (16.0 * Epsilon)) * Epsilon;
    private const double Orient3Bound = (7.0 + (56.0 * Epsilon)) * Epsilon;
    private const double InCircleBound = (10.0 + (96.0 * Epsilon)) * Epsilon;
    private const double InSphereBound = (32.0 + (448.0 * Epsilon)) * Epsilon;

    // Stage B: the program depth plus two (for the permanent being computed from rounded differences, and the
    // slack of reading only the high word), times the per-operation bound.
    private const double Orient2BoundB = 4 * DD.Unit;
    private const double Orient3BoundB = 7 * DD.Unit;
    private const double InCircleBoundB = 7 * DD.Unit;
    private const double InSphereBoundB = 10 * DD.Unit;

    // Stage B is used only when every non-zero coordinate difference lies in [2^-180, 2^180]: then no product of
    // up to five of them underflows or overflows, which the error bounds assume.
    private const double SmallestDifference = 6.5530385e-55;
    private const double LargestDifference = 1.5324955e54;

    // Stage A is trusted only above this permanent: below it a product may have underflowed, which Shewchuk's
    // bounds do not cover (such inputs go on to the exact stage).
    private const double SmallestPermanent = 1e-250;

    /// <summary>Sign of det[b − a, c − a]: positive when a, b, c turn counter-clockwise.</summary>
    public static int Orient2(double ax, double ay, double bx, double by, double cx, double cy)
    {
        double left = (bx - ax) * (cy - ay);
        double right = (by - ay) * (cx - ax);
        double det = left - right;
        double permanent = Math.Abs(left) + Math.Abs(right);
        double bound = Orient2Bound * permanent;
        if ((det > bound || -det > bound) && permanent > SmallestPermanent)
        {
            return Math.Sign(det);
        }

        DD ux = DD.Difference(bx, ax), uy = DD.Difference(by, ay), vx = DD.Difference(cx, ax), vy = DD.Difference(cy, ay);
        if (InRange(ux.Hi, uy.Hi, vx.Hi, vy.Hi))
        {
            int sign = ((ux * vy) - (uy * vx)).SignBeyond(Orient2BoundB * permanent);
            if (sign != 0)
            {
                return sign;
            }
        }

        return ExactPredicates.Orient2([ax, ay, bx, by, cx, cy]);
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
        if ((det > bound || -det > bound) && permanent > SmallestPermanent)
        {
            return Math.Sign(det);
        }

        int sign = Orient3DoubleDouble(a, b, c, d, permanent);
        if (sign != 0)
        {
            return sign;
        }

        return ExactPredicates.Orient3([a[0], a[1], a[2], b[0], b[1], b[2], c[0], c[1], c[2], d[0], d[1], d[2]]);
    }

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
        if ((det > bound || -det > bound) && permanent > SmallestPermanent)
        {
            return Math.Sign(det);
        }

        DD ax1 = DD.Difference(ax, dx), ay1 = DD.Difference(ay, dy), bx1 = DD.Difference(bx, dx);
        DD by1 = DD.Difference(by, dy), cx1 = DD.Difference(cx, dx), cy1 = DD.Difference(cy, dy);
        if (InRange(ax1.Hi, ay1.Hi, bx1.Hi, by1.Hi) && InRange(cx1.Hi, cy1.Hi, 1, 1))
        {
            var value = (((ax1 * ax1) + (ay1 * ay1)) * ((bx1 * cy1) - (cx1 * by1)))
                + (((bx1 * bx1) + (by1 * by1)) * ((cx1 * ay1) - (ax1 * cy1)))
                + (((cx1 * cx1) + (cy1 * cy1)) * ((ax1 * by1) - (bx1 * ay1)));
            int sign = value.SignBeyond(InCircleBoundB * permanent);
            if (sign != 0)
            {
                return sign;
            }
        }

        return ExactPredicates.InCircle([ax, ay, bx, by, cx, cy, dx, dy]);
    }

    /// <summary>Sign of det[q − e, |q − e|²] over q = a, b, c, d: for a right-handed a, b, c, d (positive
    /// <see cref="Orient3"/>) negative when e is strictly inside their circumsphere.</summary>
    public static int InSphere(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, ReadOnlySpan<double> d, ReadOnlySpan<double> e)
    {
        double aex = a[0] - e[0], aey = a[1] - e[1], aez = a[2] - e[2];
        double bex = b[0] - e[0], bey = b[1] - e[1], bez = b[2] - e[2];
        double cex = c[0] - e[0], cey = c[1] - e[1], cez = c[2] - e[2];
        double dex = d[0] - e[0], dey = d[1] - e[1], dez = d[2] - e[2];

        double aexbey = aex * bey, bexaey = bex * aey, bexcey = bex * cey, cexbey = cex * bey;
        double cexdey = cex * dey, dexcey = dex * cey, dexaey = dex * aey, aexdey = aex * dey;
        double aexcey = aex * cey, cexaey = cex * aey, bexdey = bex * dey, dexbey = dex * bey;
        double ab = aexbey - bexaey, bc = bexcey - cexbey, cd = cexdey - dexcey;
        double da = dexaey - aexdey, ac = aexcey - cexaey, bd = bexdey - dexbey;
        double abc = (aez * bc) - (bez * ac) + (cez * ab);
        double bcd = (bez * cd) - (cez * bd) + (dez * bc);
        double cda = (cez * da) + (dez * ac) + (aez * cd);
        double dab = (dez * ab) + (aez * bd) + (bez * da);
        double alift = (aex * aex) + (aey * aey) + (aez * aez);
        double blift = (bex * bex) + (bey * bey) + (bez * bez);
        double clift = (cex * cex) + (cey * cey) + (cez * cez);
        double dlift = (dex * dex) + (dey * dey) + (dez * dez);
        double det = ((dlift * abc) - (clift * dab)) + ((blift * cda) - (alift * bcd));

        double aezplus = Math.Abs(aez), bezplus = Math.Abs(bez), cezplus = Math.Abs(cez), dezplus = Math.Abs(dez);
        double aexbeyplus = Math.Abs(aexbey) + Math.Abs(bexaey), bexceyplus = Math.Abs(bexcey) + Math.Abs(cexbey);
        double cexdeyplus = Math.Abs(cexdey) + Math.Abs(dexcey), dexaeyplus = Math.Abs(dexaey) + Math.Abs(aexdey);
        double aexceyplus = Math.Abs(aexcey) + Math.Abs(cexaey), bexdeyplus = Math.Abs(bexdey) + Math.Abs(dexbey);
        double permanent = (((cexdeyplus * bezplus) + (bexdeyplus * cezplus) + (bexceyplus * dezplus)) * alift)
            + (((dexaeyplus * cezplus) + (aexceyplus * dezplus) + (cexdeyplus * aezplus)) * blift)
            + (((aexbeyplus * dezplus) + (bexdeyplus * aezplus) + (dexaeyplus * bezplus)) * clift)
            + (((bexceyplus * aezplus) + (aexceyplus * bezplus) + (aexbeyplus * cezplus)) * dlift);
        double bound = InSphereBound * permanent;
        if ((det > bound || -det > bound) && permanent > SmallestPermanent)
        {
            return Math.Sign(det);
        }

        int sign = InSphereDoubleDouble(a, b, c, d, e, permanent);
        if (sign != 0)
        {
            return sign;
        }

        return ExactPredicates.InSphere([a[0], a[1], a[2], b[0], b[1], b[2], c[0], c[1], c[2], d[0], d[1], d[2], e[0], e[1], e[2]]);
    }

    private static int Orient3DoubleDouble(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, ReadOnlySpan<double> d, double permanent)
    {
        DD bx = DD.Difference(b[0], a[0]), by = DD.Difference(b[1], a[1]), bz = DD.Difference(b[2], a[2]);
        DD cx = DD.Difference(c[0], a[0]), cy = DD.Difference(c[1], a[1]), cz = DD.Difference(c[2], a[2]);
        DD dx = DD.Difference(d[0], a[0]), dy = DD.Difference(d[1], a[1]), dz = DD.Difference(d[2], a[2]);
        if (!InRange(bx.Hi, by.Hi, bz.Hi, cx.Hi) || !InRange(cy.Hi, cz.Hi, dx.Hi, dy.Hi) || !InRange(dz.Hi, 1, 1, 1))
        {
            return 0;
        }

        var det = (bx * ((cy * dz) - (cz * dy))) - (by * ((cx * dz) - (cz * dx))) + (bz * ((cx * dy) - (cy * dx)));
        return det.SignBeyond(Orient3BoundB * permanent);
    }

    private static int InSphereDoubleDouble(
        ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, ReadOnlySpan<double> d, ReadOnlySpan<double> e, double permanent)
    {
        DD aex = DD.Difference(a[0], e[0]), aey = DD.Difference(a[1], e[1]), aez = DD.Difference(a[2], e[2]);
        DD bex = DD.Difference(b[0], e[0]), bey = DD.Difference(b[1], e[1]), bez = DD.Difference(b[2], e[2]);
        DD cex = DD.Difference(c[0], e[0]), cey = DD.Difference(c[1], e[1]), cez = DD.Difference(c[2], e[2]);
        DD dex = DD.Difference(d[0], e[0]), dey = DD.Difference(d[1], e[1]), dez = DD.Difference(d[2], e[2]);
        if (!InRange(aex.Hi, aey.Hi, aez.Hi, bex.Hi) || !InRange(bey.Hi, bez.Hi, cex.Hi, cey.Hi) || !InRange(cez.Hi, dex.Hi, dey.Hi, dez.Hi))
        {
            return 0;
        }

        DD ab = (aex * bey) - (bex * aey), bc = (bex * cey) - (cex * bey), cd = (cex * dey) - (dex * cey);
        DD da = (dex * aey) - (aex * dey), ac = (aex * cey) - (cex * aey), bd = (bex * dey) - (dex * bey);
        DD abc = (aez * bc) - (bez * ac) + (cez * ab);
        DD bcd = (bez * cd) - (cez * bd) + (dez * bc);
        DD cda = (cez * da) + (dez * ac) + (aez * cd);
        DD dab = (dez * ab) + (aez * bd) + (bez * da);
        DD alift = (aex * aex) + (aey * aey) + (aez * aez);
        DD blift = (bex * bex) + (bey * bey) + (bez * bez);
        DD clift = (cex * cex) + (cey * cey) + (cez * cez);
        DD dlift = (dex * dex) + (dey * dey) + (dez * dez);
        var det = ((dlift * abc) - (clift * dab)) + ((blift * cda) - (alift * bcd));
        return det.SignBeyond(InSphereBoundB * permanent);
    }

    /// <summary>True when every non-zero value lies in the range where stage B's error bounds hold.</summary>
    private static bool InRange(double w, double x, double y, double z) => Fits(w) && Fits(x) && Fits(y) && Fits(z);

    private static bool Fits(double v)
    {
        double m = Math.Abs(v);
        return m == 0 || (m >= SmallestDifference && m <= LargestDifference);
    }
}

using Orleans.Analytics.Topology.Predicates;

namespace Orleans.Analytics.Topology.Delaunay;

/// <summary>Predicates for coplanar 3-D points. Orientation is read in the projection dropping one axis (exact and
/// consistent); the in-circle test is exact in space: inside the circle of a, b, c means inside every sphere through
/// a, b, c and a point off their plane, here a moved along the dropped axis (the plane is not parallel to it, so
/// any non-zero move leaves the plane; the moved coordinate need not be exact).</summary>
internal sealed class EmbeddedPlanePredicates : IPlanarPredicates
{
    private readonly double[] _xyz;
    private readonly int _drop;
    private readonly int _u;
    private readonly int _w;

    public EmbeddedPlanePredicates(double[] xyz, int a, int b, int c)
    {
        _xyz = xyz;
        for (_drop = 2; _drop >= 0; _drop--)
        {
            _u = _drop == 0 ? 1 : 0;
            _w = _drop == 2 ? 1 : 2;
            if (Orient(a, b, c) != 0)
            {
                return;
            }
        }

        throw new ArgumentException("The three reference points are collinear.");
    }

    public int Orient(int a, int b, int c) => GeometricPredicates.Orient2(
        _xyz[(3 * a) + _u], _xyz[(3 * a) + _w], _xyz[(3 * b) + _u], _xyz[(3 * b) + _w], _xyz[(3 * c) + _u], _xyz[(3 * c) + _w]);

    public int InCircle(int a, int b, int c, int d)
    {
        var pa = _xyz.AsSpan(3 * a, 3);
        var pb = _xyz.AsSpan(3 * b, 3);
        var pc = _xyz.AsSpan(3 * c, 3);

        // Off the plane by about the triangle's size, so the sphere is well conditioned.
        double size = 0;
        for (int k = 0; k < 3; k++)
        {
            size = Math.Max(size, Math.Max(Math.Abs(pb[k] - pa[k]), Math.Abs(pc[k] - pa[k])));
        }

        Span<double> lifted = [pa[0], pa[1], pa[2]];
        lifted[_drop] += Math.Max(size, Math.Abs(pa[_drop]) * 1e-12);
        int orientation = GeometricPredicates.Orient3(pa, pb, pc, lifted);
        int side = GeometricPredicates.InSphere(pa, pb, pc, lifted, _xyz.AsSpan(3 * d, 3));
        return -side * orientation;
    }
}

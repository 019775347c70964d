using Orleans.Analytics.Topology.Predicates;

namespace Orleans.Analytics.Topology.Delaunay;

/// <summary>Predicates for coplanar 3-D points. Orientation is read in the projection dropping one axis (exact and
/// consistent); the in-circle test is exact in space: inside the circle of a, b, c means inside any sphere through
/// a, b, c and an off-plane point, here a shifted by one unit along the dropped axis.</summary>
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
        Span<double> values = stackalloc double[13];
        _xyz.AsSpan(3 * a, 3).CopyTo(values);
        _xyz.AsSpan(3 * b, 3).CopyTo(values[3..]);
        _xyz.AsSpan(3 * c, 3).CopyTo(values[6..]);
        _xyz.AsSpan(3 * d, 3).CopyTo(values[9..]);
        values[12] = 1.0;
        var s = ExactArithmetic.Scale(values);
        var q = new System.Numerics.BigInteger[18];
        Array.Copy(s, q, 12);
        q[12] = s[0];
        q[13] = s[1];
        q[14] = s[2];
        q[12 + _drop] += s[12];
        q[15] = s[9];
        q[16] = s[10];
        q[17] = s[11];

        // Points: a=0, b=3, c=6, shifted a=12, d=15.
        int orientation = GeometricPredicates.ExactOrient3(q, 0, 3, 6, 12);
        int side = GeometricPredicates.ExactInSphere(q, 0, 3, 6, 12, 15);
        return -side * orientation;
    }
}

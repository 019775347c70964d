using Orleans.Analytics.Topology.Predicates;

namespace Orleans.Analytics.Topology.Delaunay;

/// <summary>Predicates for 2-D points stored as x, y pairs.</summary>
internal sealed class PlanePredicates(double[] xy) : IPlanarPredicates
{
    public int Orient(int a, int b, int c) =>
        GeometricPredicates.Orient2(xy[2 * a], xy[(2 * a) + 1], xy[2 * b], xy[(2 * b) + 1], xy[2 * c], xy[(2 * c) + 1]);

    public int InCircle(int a, int b, int c, int d) => GeometricPredicates.InCircle(
        xy[2 * a], xy[(2 * a) + 1], xy[2 * b], xy[(2 * b) + 1], xy[2 * c], xy[(2 * c) + 1], xy[2 * d], xy[(2 * d) + 1]);
}

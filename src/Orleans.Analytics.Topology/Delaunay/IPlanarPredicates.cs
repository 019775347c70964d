namespace Orleans.Analytics.Topology.Delaunay;

/// <summary>Exact planar predicates over point ids.</summary>
internal interface IPlanarPredicates
{
    /// <summary>Positive when a, b, c turn counter-clockwise in the plane's chosen orientation.</summary>
    int Orient(int a, int b, int c);

    /// <summary>For counter-clockwise a, b, c: positive when d is strictly inside their circumcircle, zero on it.</summary>
    int InCircle(int a, int b, int c, int d);
}

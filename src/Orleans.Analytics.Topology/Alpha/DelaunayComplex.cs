namespace Orleans.Analytics.Topology.Alpha;

/// <summary>Distinct points (row-major, <paramref name="Dimension"/> coordinates each) and the top-dimensional
/// cells of their Delaunay triangulation: tetrahedra, triangles for planar input, edges for collinear input.</summary>
internal sealed record DelaunayComplex(double[] Points, int Dimension, List<int[]> Cells)
{
    public int Count => Points.Length / Dimension;
}

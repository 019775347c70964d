using Orleans.Analytics.Topology.Delaunay;

namespace Orleans.Analytics.Topology.Predicates;

/// <summary>In-sphere and in-circle tests that never tie. The points stay where they are; the lifted coordinate
/// |p|² of point i is raised by δᵢ = ε^(N − i) for an infinitesimal ε, so a larger id is raised by infinitely more
/// than any smaller one. The lifted points are then in general position (a regular triangulation with
/// infinitesimal weights, which is a Delaunay triangulation of the unperturbed points), and since orientations do
/// not change, the convex hull and every orientation test are those of the input.
/// <para>The in-sphere determinant is linear in the lifted column, so the perturbed value is
/// det + Σ δᵢ·Cᵢ exactly, with Cᵢ the cofactor of point i's lifted entry: ± the orientation of the other points.
/// Its sign is that of det when det ≠ 0, else that of the first non-zero cofactor taken by decreasing id. For a
/// non-degenerate cell that sequence ends at the query point's cofactor, the cell's own orientation, which is not
/// zero.</para></summary>
internal static class SymbolicPerturbation
{
    /// <summary>For a positively oriented tetrahedron a, b, c, d (distinct ids into x, y, z triples): true when e lies
    /// strictly inside its perturbed circumsphere.</summary>
    public static bool InSphere(double[] xyz, int a, int b, int c, int d, int e)
    {
        int det = GeometricPredicates.InSphere(P(xyz, a), P(xyz, b), P(xyz, c), P(xyz, d), P(xyz, e));
        if (det != 0)
        {
            return det < 0;
        }

        // Cofactors of the lifted column of det[q, |q|², 1] over rows a, b, c, d, e (see the class comment).
        Span<(int Id, int Row)> rows = [(a, 0), (b, 1), (c, 2), (d, 3), (e, 4)];
        rows.Sort(static (x, y) => y.Id.CompareTo(x.Id));
        foreach (var (_, row) in rows)
        {
            int sign = row switch
            {
                0 => Orient(xyz, b, c, d, e),
                1 => -Orient(xyz, a, c, d, e),
                2 => Orient(xyz, a, b, d, e),
                3 => -Orient(xyz, a, b, c, e),
                _ => Orient(xyz, a, b, c, d),
            };
            if (sign != 0)
            {
                return sign < 0;
            }
        }

        return false;
    }

    /// <summary>For a counter-clockwise triangle a, b, c (in <paramref name="g"/>'s orientation): true when d lies
    /// strictly inside its perturbed circumcircle.</summary>
    public static bool InCircle(IPlanarPredicates g, int a, int b, int c, int d)
    {
        int det = g.InCircle(a, b, c, d);
        if (det != 0)
        {
            return det > 0;
        }

        // Cofactors of the lifted column of det[q, |q|², 1] over rows a, b, c, d.
        Span<(int Id, int Row)> rows = [(a, 0), (b, 1), (c, 2), (d, 3)];
        rows.Sort(static (x, y) => y.Id.CompareTo(x.Id));
        foreach (var (_, row) in rows)
        {
            int sign = row switch
            {
                0 => g.Orient(b, c, d),
                1 => -g.Orient(a, c, d),
                2 => g.Orient(a, b, d),
                _ => -g.Orient(a, b, c),
            };
            if (sign != 0)
            {
                return sign > 0;
            }
        }

        return false;
    }

    private static ReadOnlySpan<double> P(double[] xyz, int i) => xyz.AsSpan(i * 3, 3);

    private static int Orient(double[] xyz, int a, int b, int c, int d) =>
        GeometricPredicates.Orient3(P(xyz, a), P(xyz, b), P(xyz, c), P(xyz, d));
}

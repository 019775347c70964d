using Orleans.Analytics.Topology.Delaunay;
using Orleans.Analytics.Topology.Predicates;

namespace Orleans.Analytics.Topology.Tests;

public sealed class PredicateTests
{
    private const int Cases = 1500;

    public static TheoryData<string> Kinds => ["general", "rounded", "nudged", "lattice", "large_lattice", "far_from_origin"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void In_sphere_sign_agrees_with_rational_arithmetic(string kind)
    {
        var random = new Random(kind.Length * 7919);
        var mismatches = new List<string>();
        for (int i = 0; i < Cases; i++)
        {
            var p = CoSpherical(random, kind, 5);
            int expected = RationalDeterminant.InSphere(p[0], p[1], p[2], p[3], p[4]);
            int actual = GeometricPredicates.InSphere(p[0], p[1], p[2], p[3], p[4]);
            if (actual != expected)
            {
                mismatches.Add($"case {i}: {actual} instead of {expected} for {Show(p)}");
            }
        }

        mismatches.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Orientation_sign_agrees_with_rational_arithmetic(string kind)
    {
        var random = new Random(kind.Length * 104729);
        var mismatches = new List<string>();
        for (int i = 0; i < Cases; i++)
        {
            var p = CoPlanar(random, kind);
            int expected = RationalDeterminant.Orient3(p[0], p[1], p[2], p[3]);
            int actual = GeometricPredicates.Orient3(p[0], p[1], p[2], p[3]);
            if (actual != expected)
            {
                mismatches.Add($"case {i}: {actual} instead of {expected} for {Show(p)}");
            }
        }

        mismatches.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void In_circle_and_planar_orientation_signs_agree_with_rational_arithmetic(string kind)
    {
        var random = new Random(kind.Length * 15485863);
        var mismatches = new List<string>();
        for (int i = 0; i < Cases; i++)
        {
            var p = CoSpherical(random, kind, 4).Select(q => new[] { q[0], q[1] }).ToArray();
            if (kind is "lattice" or "large_lattice")
            {
                // The lattice circles lie in z = const: their x, y are exactly co-circular.
                p = CoCircular(random, kind == "large_lattice");
            }

            int expected = RationalDeterminant.InCircle(p[0], p[1], p[2], p[3]);
            int actual = GeometricPredicates.InCircle(p[0][0], p[0][1], p[1][0], p[1][1], p[2][0], p[2][1], p[3][0], p[3][1]);
            if (actual != expected)
            {
                mismatches.Add($"in-circle case {i}: {actual} instead of {expected} for {Show(p)}");
            }

            // Three of them on a line through two, moved along it in floating point: nearly or exactly collinear.
            double t = random.Next(-8, 9) / 4.0 + (kind == "general" ? random.NextDouble() : 0);
            double[] c = [p[0][0] + (t * (p[1][0] - p[0][0])), p[0][1] + (t * (p[1][1] - p[0][1]))];
            expected = RationalDeterminant.Orient2(p[0], p[1], c);
            actual = GeometricPredicates.Orient2(p[0][0], p[0][1], p[1][0], p[1][1], c[0], c[1]);
            if (actual != expected)
            {
                mismatches.Add($"orientation case {i}: {actual} instead of {expected} for {Show([p[0], p[1], c])}");
            }
        }

        mismatches.ShouldBeEmpty();
    }

    [Fact]
    public void Perturbed_in_sphere_never_ties_and_agrees_with_the_exact_test_when_that_decides()
    {
        // The 26 lattice points with x² + y² + z² = 9 (and 14): many exactly co-spherical and co-planar quintuples.
        var points = Clouds.LatticeSpheres(9, 14);
        var xyz = points.SelectMany(p => p).ToArray();
        var random = new Random(5);
        int ties = 0, checkedCells = 0;
        for (int i = 0; i < 4000; i++)
        {
            var ids = Enumerable.Range(0, points.Length).OrderBy(_ => random.Next()).Take(5).ToArray();
            int a = ids[0], b = ids[1], c = ids[2], d = ids[3], e = ids[4];
            int orientation = GeometricPredicates.Orient3(points[a], points[b], points[c], points[d]);
            if (orientation == 0)
            {
                continue;
            }

            if (orientation < 0)
            {
                (a, b) = (b, a);
            }

            checkedCells++;
            int exact = GeometricPredicates.InSphere(points[a], points[b], points[c], points[d], points[e]);
            bool inside = SymbolicPerturbation.InSphere(xyz, a, b, c, d, e);
            if (exact != 0)
            {
                inside.ShouldBe(exact < 0);
            }
            else
            {
                ties++;
            }

            // A cell's even permutations are the same cell: the perturbed answer cannot depend on the order.
            SymbolicPerturbation.InSphere(xyz, b, c, a, d, e).ShouldBe(inside);
            SymbolicPerturbation.InSphere(xyz, b, a, d, c, e).ShouldBe(inside);
            SymbolicPerturbation.InSphere(xyz, d, a, c, b, e).ShouldBe(inside);

            // Two cells on one facet: e is inside the sphere of (facet, d) exactly when d is inside that of (facet, e),
            // both being the sign of one 5×5 determinant. That symmetry is what makes flips and cavities consistent.
            int side = GeometricPredicates.Orient3(points[a], points[b], points[c], points[e]);
            if (side < 0)
            {
                SymbolicPerturbation.InSphere(xyz, b, a, c, e, d).ShouldBe(inside);
            }
        }

        checkedCells.ShouldBeGreaterThan(3000);
        ties.ShouldBeGreaterThan(100, "the lattice should produce exactly co-spherical quintuples");
    }

    [Fact]
    public void Perturbed_in_circle_never_ties_and_is_symmetric_across_an_edge()
    {
        var points = Clouds.LatticeCircles(25, 50, 65);
        var g = new PlanePredicates(points.SelectMany(p => p).ToArray());
        var random = new Random(6);
        int ties = 0;
        for (int i = 0; i < 4000; i++)
        {
            var ids = Enumerable.Range(0, points.Length).OrderBy(_ => random.Next()).Take(4).ToArray();
            int a = ids[0], b = ids[1], c = ids[2], d = ids[3];
            int orientation = g.Orient(a, b, c);
            if (orientation == 0)
            {
                continue;
            }

            if (orientation < 0)
            {
                (a, b) = (b, a);
            }

            int exact = g.InCircle(a, b, c, d);
            bool inside = SymbolicPerturbation.InCircle(g, a, b, c, d);
            if (exact != 0)
            {
                inside.ShouldBe(exact > 0);
            }
            else
            {
                ties++;
            }

            SymbolicPerturbation.InCircle(g, b, c, a, d).ShouldBe(inside);
            if (g.Orient(a, b, d) < 0)
            {
                SymbolicPerturbation.InCircle(g, b, a, d, c).ShouldBe(inside);
            }
        }

        ties.ShouldBeGreaterThan(100, "the lattice circles should produce exactly co-circular quadruples");
    }

    /// <summary>Points on a sphere, or variants: "general" random points, "rounded" points on a random sphere (so
    /// co-spherical up to rounding), "nudged" the same with one coordinate moved by a few ulps or a tiny relative
    /// amount, "lattice" exactly co-spherical small integers, "large_lattice" the same scaled to about 2^20 and
    /// shifted (exact zeros needing wide integers), "far_from_origin" rounded spheres centred near 1e6.</summary>
    private static double[][] CoSpherical(Random random, string kind, int count)
    {
        switch (kind)
        {
            case "general":
                return Enumerable.Range(0, count).Select(_ => new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() }).ToArray();
            case "lattice":
            case "large_lattice":
                {
                    int[] radii = [9, 26, 50, 65, 81];
                    var sphere = Clouds.LatticeSpheres(radii[random.Next(radii.Length)]);
                    var chosen = Enumerable.Range(0, sphere.Length).OrderBy(_ => random.Next()).Take(count).Select(i => sphere[i]).ToArray();
                    if (kind == "lattice")
                    {
                        return chosen;
                    }

                    double scale = random.Next(1 << 17, 1 << 18);
                    double[] shift = [random.Next(-1 << 20, 1 << 20), random.Next(-1 << 20, 1 << 20), random.Next(-1 << 20, 1 << 20)];
                    return chosen.Select(p => p.Select((v, k) => (v * scale) + shift[k]).ToArray()).ToArray();
                }

            default:
                {
                    double[] centre = kind == "far_from_origin"
                        ? [1e6 + random.NextDouble(), -1e6 * random.NextDouble(), 3e5]
                        : [random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2];
                    double radius = Math.Pow(10, random.NextDouble() * 3 - 2);
                    var p = Enumerable.Range(0, count).Select(_ => OnSphere(random, centre, radius)).ToArray();
                    if (kind == "nudged")
                    {
                        int which = random.Next(count), axis = random.Next(3);
                        p[which][axis] = random.Next(3) switch
                        {
                            0 => Math.BitIncrement(p[which][axis]),
                            1 => Math.BitDecrement(Math.BitDecrement(p[which][axis])),
                            _ => p[which][axis] * (1 + Math.ScaleB(random.NextDouble() - 0.5, -random.Next(30, 52))),
                        };
                    }

                    return p;
                }
        }
    }

    /// <summary>Four points: three random ones and one on their plane (rounded), in the style of the kind.</summary>
    private static double[][] CoPlanar(Random random, string kind)
    {
        if (kind is "lattice" or "large_lattice")
        {
            // Integer points on a lattice plane x + 2y − 3z = k: exactly coplanar.
            double scale = kind == "lattice" ? 1 : random.Next(1 << 17, 1 << 18);
            return Enumerable.Range(0, 4).Select(_ =>
            {
                int y = random.Next(-9, 10), z = random.Next(-9, 10);
                return new[] { (7 - (2 * y) + (3 * z)) * scale, y * scale, z * scale };
            }).ToArray();
        }

        var p = CoSpherical(random, kind == "general" ? "rounded" : kind, 3);
        double s = random.NextDouble() * 3 - 1, t = random.NextDouble() * 3 - 1;
        var d = new double[3];
        for (int k = 0; k < 3; k++)
        {
            d[k] = p[0][k] + (s * (p[1][k] - p[0][k])) + (t * (p[2][k] - p[0][k]));
        }

        if (kind == "general")
        {
            d[random.Next(3)] += random.NextDouble() - 0.5;
        }
        else if (kind == "nudged")
        {
            int axis = random.Next(3);
            d[axis] = Math.BitIncrement(d[axis]);
        }

        return [p[0], p[1], p[2], d];
    }

    private static double[][] CoCircular(Random random, bool large)
    {
        int[] radii = [25, 65, 325, 425];
        var circle = Clouds.LatticeCircles(radii[random.Next(radii.Length)]);
        var chosen = Enumerable.Range(0, circle.Length).OrderBy(_ => random.Next()).Take(4).Select(i => circle[i]).ToArray();
        if (!large)
        {
            return chosen;
        }

        double scale = random.Next(1 << 24, 1 << 25);
        double[] shift = [random.Next(-1 << 28, 1 << 28), random.Next(-1 << 28, 1 << 28)];
        return chosen.Select(p => new[] { (p[0] * scale) + shift[0], (p[1] * scale) + shift[1] }).ToArray();
    }

    private static double[] OnSphere(Random random, double[] centre, double radius)
    {
        double x = random.NextDouble() - 0.5, y = random.NextDouble() - 0.5, z = random.NextDouble() - 0.5;
        double r = Math.Sqrt((x * x) + (y * y) + (z * z));
        return [centre[0] + (radius * x / r), centre[1] + (radius * y / r), centre[2] + (radius * z / r)];
    }

    private static string Show(double[][] p) =>
        string.Join(" | ", p.Select(q => string.Join(", ", q.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))));
}

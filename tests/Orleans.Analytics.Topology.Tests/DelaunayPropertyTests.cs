using FsCheck;
using FsCheck.Fluent;
using Orleans.Analytics.Topology.Delaunay;
using Orleans.Analytics.Topology.Limits;

namespace Orleans.Analytics.Topology.Tests;

public sealed class DelaunayPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(60);

    /// <summary>A seed, a point count and a grid size: clouds are built from these so a failure names them.</summary>
    private static Arbitrary<(int Seed, int Count, int Grid)> Shapes(int minCount, int maxCount, int minGrid, int maxGrid) =>
        (from seed in Gen.Choose(0, 1_000_000)
         from count in Gen.Choose(minCount, maxCount)
         from grid in Gen.Choose(minGrid, maxGrid)
         select (seed, count, grid)).ToArbitrary();

    [Fact]
    public void Triangulation_of_points_snapped_to_a_small_3d_grid_is_delaunay_and_covers_the_hull()
    {
        // Few grid values: duplicates, co-planar, co-linear and co-spherical subsets everywhere. Half the clouds use
        // a non-dyadic spacing, so the coordinates are rounded multiples of 0.1.
        Check.One(Runs, Prop.ForAll(Shapes(5, 90, 2, 5), shape =>
        {
            var random = new Random(shape.Seed);
            double spacing = shape.Seed % 2 == 0 ? 1.0 : 0.1;
            var points = Enumerable.Range(0, shape.Count)
                .Select(_ => new[] { random.Next(shape.Grid) * spacing, random.Next(shape.Grid) * spacing, random.Next(shape.Grid) * spacing })
                .ToArray();
            return Audit(points, shape.ToString());
        }));
    }

    [Fact]
    public void Triangulation_of_points_on_spheres_with_rounded_coordinates_is_delaunay_and_covers_the_hull()
    {
        // Directions rounded to a few decimals, on one to three concentric spheres: nearly and exactly co-spherical.
        Check.One(Runs, Prop.ForAll(Shapes(8, 120, 1, 3), shape =>
        {
            var random = new Random(shape.Seed);
            int decimals = 1 + (shape.Seed % 3);
            var points = Enumerable.Range(0, shape.Count).Select(i =>
            {
                double radius = 1 + (i % shape.Grid);
                double x = random.NextDouble() - 0.5, y = random.NextDouble() - 0.5, z = random.NextDouble() - 0.5;
                double r = Math.Sqrt((x * x) + (y * y) + (z * z));
                return new[] { Math.Round(radius * x / r, decimals), Math.Round(radius * y / r, decimals), Math.Round(radius * z / r, decimals) };
            }).ToArray();
            return Audit(points, shape.ToString());
        }));
    }

    [Fact]
    public void Triangulation_of_points_snapped_to_a_small_2d_grid_or_circle_is_delaunay_and_covers_the_hull()
    {
        Check.One(Runs, Prop.ForAll(Shapes(4, 90, 2, 6), shape =>
        {
            var random = new Random(shape.Seed);
            var points = shape.Seed % 2 == 0
                ? Enumerable.Range(0, shape.Count).Select(_ => new double[] { random.Next(shape.Grid), random.Next(shape.Grid) }).ToArray()
                : Enumerable.Range(0, shape.Count).Select(_ =>
                {
                    double t = 2 * Math.PI * random.Next(4 * shape.Grid) / (4 * shape.Grid);
                    double radius = 1 + random.Next(2);
                    return new[] { Math.Round(radius * Math.Cos(t), 2), Math.Round(radius * Math.Sin(t), 2) };
                }).ToArray();
            return Audit(points, shape.ToString());
        }));
    }

    [Fact]
    public void Triangulation_of_a_random_grid_cloud_does_not_depend_on_the_insertion_order()
    {
        Check.One(Runs, Prop.ForAll(Shapes(5, 70, 2, 4), shape =>
        {
            var random = new Random(shape.Seed);
            var points = Enumerable.Range(0, shape.Count)
                .Select(_ => new double[] { random.Next(shape.Grid), random.Next(shape.Grid), random.Next(shape.Grid) })
                .ToArray();
            var delaunay = TriangulationAudit.Triangulate(points);
            if (delaunay.Cells.Count == 0 || delaunay.Cells[0].Length != 4)
            {
                return true;
            }

            using var budget = new ComputeBudget(60, 1024, default);
            var order = Enumerable.Range(0, delaunay.Count).OrderBy(_ => random.Next()).ToArray();
            var shuffled = Delaunay3D.Triangulate(delaunay.Points, order, budget);
            return shuffled is not null && Canonical(shuffled).SequenceEqual(Canonical(delaunay.Cells));
        }));
    }

    private static bool Audit(double[][] points, string label)
    {
        var distinct = points.Select(p => string.Join(",", p.Select(v => v + 0.0))).Distinct().Count();
        if (distinct < 3)
        {
            return true;
        }

        var delaunay = TriangulationAudit.Triangulate(points);
        delaunay.Count.ShouldBe(distinct, label);
        delaunay.ShouldBeDelaunay(label);
        return true;
    }

    private static IEnumerable<string> Canonical(IEnumerable<int[]> cells) =>
        cells.Select(c => string.Join(",", c.Order())).Order(StringComparer.Ordinal);
}

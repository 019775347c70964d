using Orleans.Analytics.Topology.Alpha;
using Orleans.Analytics.Topology.Delaunay;
using Orleans.Analytics.Topology.Input;
using Orleans.Analytics.Topology.Limits;

namespace Orleans.Analytics.Topology.Tests;

public sealed class DelaunayTests
{
    public static TheoryData<string> DegenerateClouds =>
    [
        "two_spheres_1400", "two_spheres_300", "sphere_400", "fibonacci_sphere_400", "lattice_spheres", "cube_grid_8",
        "grid_with_duplicates", "cube_with_planar_grid", "coplanar", "collinear_3d", "circle_400", "lattice_circles",
        "square_grid", "duplicates_2d",
    ];

    internal static double[][] Cloud(string name) => name switch
    {
        // The cloud: 700 points on each of two concentric spheres, radii 1 and 0.6.
        "two_spheres_1400" => Clouds.ConcentricSpheres(700, 5, 1.0, 0.6),
        "two_spheres_300" => Clouds.ConcentricSpheres(150, 6, 1.0, 0.6),
        "sphere_400" => Clouds.Sphere(400, 7),
        "fibonacci_sphere_400" => Clouds.FibonacciSphere(400),
        "lattice_spheres" => Clouds.LatticeSpheres(9, 26, 50, 65),
        "cube_grid_8" => Clouds.CubeGrid(8),
        "grid_with_duplicates" => Clouds.GridWithDuplicates(5, 3, 8),
        "cube_with_planar_grid" => Clouds.CubeWithPlanarGrid(200, 8, 9),
        "coplanar" => Clouds.Coplanar(200, 17),
        "collinear_3d" => Clouds.Collinear(100, 3, 18),
        "circle_400" => Clouds.Circle(400),
        "lattice_circles" => Clouds.LatticeCircles(25, 50, 65, 85, 125, 325),
        "square_grid" => Clouds.SquareGrid(20),
        "duplicates_2d" => Clouds.WithDuplicates(Clouds.SquareGrid(10), 3),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(DegenerateClouds))]
    public void Triangulation_of_a_degenerate_cloud_has_empty_circumspheres_and_covers_the_convex_hull(string cloud)
    {
        var delaunay = TriangulationAudit.Triangulate(Cloud(cloud));
        delaunay.ShouldBeDelaunay(cloud);
    }

    [Theory]
    [InlineData("two_spheres_1400")]
    [InlineData("cube_grid_8")]
    [InlineData("lattice_spheres")]
    [InlineData("grid_with_duplicates")]
    public void Adjacency_of_a_3d_triangulation_is_symmetric_across_shared_facets(string cloud)
    {
        using var budget = new ComputeBudget(300, 4096, default);
        var delaunay = TriangulationAudit.Triangulate(Cloud(cloud));
        var order = AlphaEngine.SpatialOrder(delaunay.Points, delaunay.Count, 3);
        var triangulation = Delaunay3D.Build(delaunay.Points, order, budget).ShouldNotBeNull();
        TriangulationAudit.AdjacencyProblems(triangulation.Cells()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("circle_400")]
    [InlineData("square_grid")]
    [InlineData("lattice_circles")]
    public void Adjacency_of_a_2d_triangulation_is_symmetric_across_shared_edges(string cloud)
    {
        using var budget = new ComputeBudget(300, 4096, default);
        var delaunay = TriangulationAudit.Triangulate(Cloud(cloud));
        var order = AlphaEngine.SpatialOrder(delaunay.Points, delaunay.Count, 2);
        var first = delaunay.Cells[0];
        var triangulation = Delaunay2D.Build(new PlanePredicates(delaunay.Points), order, first[0], first[1], first[2], budget);
        TriangulationAudit.AdjacencyProblems(triangulation.Cells()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("two_spheres_300")]
    [InlineData("cube_grid_8")]
    [InlineData("lattice_spheres")]
    [InlineData("cube_with_planar_grid")]
    public void Triangulation_of_a_degenerate_cloud_does_not_depend_on_the_insertion_order(string cloud)
    {
        // The perturbation depends on point ids only, so the perturbed Delaunay triangulation is unique; an
        // inconsistent tie-break would show up as a different result for another order.
        using var budget = new ComputeBudget(300, 4096, default);
        var delaunay = TriangulationAudit.Triangulate(Cloud(cloud));
        var expected = Canonical(delaunay.Cells);
        var random = new Random(11);
        for (int run = 0; run < 3; run++)
        {
            var order = Enumerable.Range(0, delaunay.Count).OrderBy(_ => random.Next()).ToArray();
            var tetrahedra = Delaunay3D.Triangulate(delaunay.Points, order, budget).ShouldNotBeNull();
            Canonical(tetrahedra).ShouldBe(expected, $"{cloud}, shuffled order {run}");
        }
    }

    [Fact]
    public void Duplicated_points_are_merged_before_triangulating_keeping_the_first_occurrence()
    {
        // Each grid point three times, one copy of a point on x = 0 written with -0.0 (the same point).
        var points = Clouds.GridWithDuplicates(4, 3, 12);
        int onPlane = Array.FindLastIndex(points, p => p[0] == 0);
        points[onPlane] = [-0.0, points[onPlane][1], points[onPlane][2]];
        using var budget = new ComputeBudget(300, 4096, default);
        var delaunay = AlphaEngine.Delaunay(PointCloud.FromRows(points), budget);
        delaunay.Count.ShouldBe(64);
        var firstOccurrences = points.Select(p => (p[0] + 0.0, p[1], p[2])).Distinct().ToArray();
        Enumerable.Range(0, 64).Select(i => (delaunay.Points[3 * i], delaunay.Points[(3 * i) + 1], delaunay.Points[(3 * i) + 2]))
            .ShouldBe(firstOccurrences);
        var result = PersistentHomology.ComputeAlphaComplex(points, new AlphaComplexOptions { MaxAlphaValue = double.PositiveInfinity });
        result.NumPoints.ShouldBe(64);
        result.DuplicatesMerged.ShouldBe(points.Length - 64);
        result.BettiNumbers.ShouldBe([1, 0, 0]);
    }

    private static List<string> Canonical(IEnumerable<int[]> cells) =>
        cells.Select(c => string.Join(",", c.Order())).Order(StringComparer.Ordinal).ToList();
}

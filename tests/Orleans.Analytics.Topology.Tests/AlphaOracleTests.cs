namespace Orleans.Analytics.Topology.Tests;

public sealed class AlphaOracleTests
{
    public static TheoryData<string, double> Cases => new()
    {
        { "noisy_circle", double.PositiveInfinity },
        { "figure_eight", 0.05 },
        { "square_grid", double.PositiveInfinity },
        { "collinear_2d", double.PositiveInfinity },
        { "duplicates_2d", 0.5 },
        { "torus", double.PositiveInfinity },
        { "torus", 0.3 },
        { "sphere", double.PositiveInfinity },
        { "cube_grid", double.PositiveInfinity },
        { "coplanar", double.PositiveInfinity },
        { "collinear_3d", 4.0 },
        { "uniform_cube", 0.01 },
        { "lattice_circles", double.PositiveInfinity },
        { "lattice_spheres", double.PositiveInfinity },
        { "lattice_spheres", 20.0 },
    };

    internal static double[][] Cloud(string name) => name switch
    {
        "noisy_circle" => Clouds.NoisyCircle(200, 0.05, 11),
        "figure_eight" => Clouds.FigureEight(250, 0.03, 12),
        "square_grid" => Clouds.SquareGrid(12),
        "collinear_2d" => Clouds.Collinear(100, 2, 13),
        "duplicates_2d" => Clouds.WithDuplicates(Clouds.NoisyCircle(150, 0.05, 14), 5),
        "torus" => Clouds.Torus(300, 2, 1, 15),
        "sphere" => Clouds.Sphere(250, 16),
        "cube_grid" => Clouds.CubeGrid(6),
        "coplanar" => Clouds.Coplanar(200, 17),
        "collinear_3d" => Clouds.Collinear(100, 3, 18),
        "uniform_cube" => Clouds.UniformCube(300, 3, 19),
        "lattice_circles" => Clouds.LatticeCircles(25, 50, 65, 85, 125, 325),
        "lattice_spheres" => Clouds.LatticeSpheres(9, 26, 50, 65),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Alpha_diagram_matches_gudhi(string cloud, double maxAlphaSquare)
    {
        var points = Cloud(cloud);
        int dim = points[0].Length - 1;
        var ours = PersistentHomology.ComputeAlphaComplex(points, new AlphaComplexOptions { MaxAlphaValue = maxAlphaSquare, MaxDimension = dim });
        var reference = Oracle.GudhiAlpha(points, dim, maxAlphaSquare);
        Diagram.From(ours).ShouldMatch(reference, 1e-9, $"{cloud} against GUDHI");
        ours.BettiNumbers.ShouldBe(reference.Betti);
    }
}

namespace Orleans.Analytics.Topology.Tests;

public sealed class RipsOracleTests
{
    public static TheoryData<string, int, double> Cases => new()
    {
        { "noisy_circle", 2, 0.8 },
        { "torus", 2, 1.2 },
        { "sphere", 2, 0.7 },
        { "cube_grid", 2, 1.5 },
        { "figure_eight", 2, 0.9 },
        { "duplicates", 2, 1.0 },
        { "collinear", 1, 3.0 },
        { "coplanar", 2, 1.0 },
        { "uniform_4d", 3, 0.6 },
        { "lattice_spheres", 2, 4.0 },
    };

    internal static double[][] Cloud(string name) => name switch
    {
        "noisy_circle" => Clouds.NoisyCircle(200, 0.05, 1),
        "torus" => Clouds.Torus(250, 2, 1, 2),
        "sphere" => Clouds.Sphere(200, 3),
        "cube_grid" => Clouds.CubeGrid(5),
        "figure_eight" => Clouds.FigureEight(200, 0.03, 4),
        "duplicates" => Clouds.WithDuplicates(Clouds.NoisyCircle(120, 0.05, 5), 7),
        "collinear" => Clouds.Collinear(150, 3, 6),
        "coplanar" => Clouds.Coplanar(200, 7),
        "uniform_4d" => Clouds.UniformCube(80, 4, 8),
        "lattice_spheres" => Clouds.LatticeSpheres(9, 26, 50),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rips_diagram_matches_ripser(string cloud, int dim, double threshold)
    {
        var points = Cloud(cloud);
        var ours = PersistentHomology.ComputeVietorisRips(points, new VietorisRipsOptions { MaxDimension = dim, MaxEdgeLength = threshold });
        var reference = Oracle.Ripser(points, dim, threshold);
        Diagram.From(ours).ShouldMatch(reference, 1e-5, $"{cloud} against ripser");
        ours.BettiNumbers.ShouldBe(reference.Betti);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rips_diagram_matches_gudhi(string cloud, int dim, double threshold)
    {
        var points = Cloud(cloud);
        var ours = PersistentHomology.ComputeVietorisRips(points, new VietorisRipsOptions { MaxDimension = dim, MaxEdgeLength = threshold, NumThreads = 2 });
        var reference = Oracle.GudhiRips(points, dim, threshold);
        Diagram.From(ours).ShouldMatch(reference, 1e-9, $"{cloud} against GUDHI");
        ours.BettiNumbers.ShouldBe(reference.Betti);
    }
}

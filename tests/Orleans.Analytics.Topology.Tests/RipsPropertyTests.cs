namespace Orleans.Analytics.Topology.Tests;

public sealed class RipsPropertyTests
{
    [Fact]
    public void Circle_of_40_points_at_edge_length_1_has_one_component_and_one_loop()
    {
        var result = PersistentHomology.ComputeVietorisRips(Clouds.Circle(40), new VietorisRipsOptions { MaxEdgeLength = 1.0, MaxDimension = 1 });
        result.BettiNumbers.ShouldBe([1, 1]);
        var loop = result.Pairs.Single(p => p.Dimension == 1);
        loop.IsEssential.ShouldBeTrue();
        loop.Birth.ShouldBe(2 * Math.Sin(Math.PI / 40), 1e-12);

        var withDefaults = PersistentHomology.ComputeVietorisRips(Clouds.Circle(40));
        withDefaults.BettiNumbers.ShouldBe([1, 1, 0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void H0_deaths_are_the_minimum_spanning_tree_edges_under_the_threshold(int seed)
    {
        var points = Clouds.UniformCube(120, 3, seed);
        const double threshold = 0.3;
        var result = PersistentHomology.ComputeVietorisRips(points, new VietorisRipsOptions { MaxEdgeLength = threshold, MaxDimension = 1 });
        var deaths = result.Pairs.Where(p => p.Dimension == 0 && !p.IsEssential).Select(p => p.Death).Order().ToArray();
        var (mst, components) = Kruskal(points, threshold);
        deaths.Length.ShouldBe(mst.Length);
        for (int i = 0; i < mst.Length; i++)
        {
            deaths[i].ShouldBe(mst[i], 1e-12);
        }

        result.BettiNumbers[0].ShouldBe(components);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void Diagram_is_invariant_under_rotation_and_translation(int seed)
    {
        var points = Clouds.Torus(150, 2, 1, seed);
        var random = new Random(seed);
        var moved = Clouds.Transform(points, random.NextDouble() * 6, [random.NextDouble() * 10, random.NextDouble() * 10, random.NextDouble() * 10]);
        var options = new VietorisRipsOptions { MaxEdgeLength = 1.3, MaxDimension = 2 };
        var a = PersistentHomology.ComputeVietorisRips(points, options);
        var b = PersistentHomology.ComputeVietorisRips(moved, options);
        Diagram.From(b).ShouldMatch(Diagram.From(a), 1e-9, "rigid motion");
        b.BettiNumbers.ShouldBe(a.BettiNumbers);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    public void Births_precede_deaths_and_betti_numbers_count_essential_pairs(int seed)
    {
        var result = PersistentHomology.ComputeVietorisRips(Clouds.NoisyCircle(150, 0.1, seed), new VietorisRipsOptions { MaxEdgeLength = 0.7, NumThreads = 2 });
        result.Pairs.ShouldAllBe(p => p.Birth < p.Death);
        for (int d = 0; d < result.BettiNumbers.Count; d++)
        {
            result.BettiNumbers[d].ShouldBe(result.Pairs.Count(p => p.Dimension == d && p.IsEssential));
        }
    }

    [Fact]
    public void Thread_count_does_not_change_the_diagram()
    {
        var points = Clouds.Sphere(200, 10);
        var one = PersistentHomology.ComputeVietorisRips(points, new VietorisRipsOptions { MaxEdgeLength = 0.8, NumThreads = 1 });
        var two = PersistentHomology.ComputeVietorisRips(points, new VietorisRipsOptions { MaxEdgeLength = 0.8, NumThreads = 2 });
        two.Pairs.ShouldBe(one.Pairs);
    }

    [Fact]
    public void Landmark_subsampling_is_reported_and_deterministic()
    {
        var points = Clouds.NoisyCircle(400, 0.02, 11);
        var options = new VietorisRipsOptions { MaxPoints = 60, MaxEdgeLength = 1.0, MaxDimension = 1 };
        var a = PersistentHomology.ComputeVietorisRips(points, options);
        var b = PersistentHomology.ComputeVietorisRips(points, options);
        a.Subsampled.ShouldBeTrue();
        a.NumPoints.ShouldBe(60);
        a.InputPoints.ShouldBe(400);
        a.Pairs.ShouldBe(b.Pairs);
        a.BettiNumbers.ShouldBe([1, 1]);
    }

    private static (double[] Lengths, int Components) Kruskal(double[][] points, double threshold)
    {
        var edges = new List<(double, int, int)>();
        for (int i = 0; i < points.Length; i++)
        {
            for (int j = i + 1; j < points.Length; j++)
            {
                double d = Math.Sqrt(points[i].Zip(points[j], (x, y) => (x - y) * (x - y)).Sum());
                if (d <= threshold)
                {
                    edges.Add((d, i, j));
                }
            }
        }

        edges.Sort();
        var parent = Enumerable.Range(0, points.Length).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        var lengths = new List<double>();
        foreach (var (d, i, j) in edges)
        {
            int a = Find(i), b = Find(j);
            if (a != b)
            {
                parent[a] = b;
                lengths.Add(d);
            }
        }

        return (lengths.ToArray(), points.Length - lengths.Count);
    }
}

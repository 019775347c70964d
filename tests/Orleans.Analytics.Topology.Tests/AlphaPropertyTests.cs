namespace Orleans.Analytics.Topology.Tests;

public sealed class AlphaPropertyTests
{
    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void Alpha_diagram_is_invariant_under_rotation_and_translation(int seed)
    {
        var points = Clouds.Torus(250, 2, 1, seed);
        var random = new Random(seed);
        var moved = Clouds.Transform(points, random.NextDouble() * 6, [random.NextDouble() * 5, random.NextDouble() * 5, random.NextDouble() * 5]);
        var options = new AlphaComplexOptions { MaxAlphaValue = double.PositiveInfinity };
        var a = PersistentHomology.ComputeAlphaComplex(points, options);
        var b = PersistentHomology.ComputeAlphaComplex(moved, options);
        Diagram.From(b).ShouldMatch(Diagram.From(a), 1e-9, "rigid motion");
        b.BettiNumbers.ShouldBe(a.BettiNumbers);
    }

    [Fact]
    public void Alpha_h0_deaths_are_quarter_squared_minimum_spanning_tree_edges()
    {
        // H0 of the alpha filtration dies at (edge / 2)² along the Euclidean minimum spanning tree.
        var points = Clouds.UniformCube(150, 2, 23);
        var result = PersistentHomology.ComputeAlphaComplex(points, new AlphaComplexOptions { MaxAlphaValue = double.PositiveInfinity });
        var deaths = result.Pairs.Where(p => p.Dimension == 0 && !p.IsEssential).Select(p => p.Death).Order().ToArray();
        var rips = PersistentHomology.ComputeVietorisRips(points, new VietorisRipsOptions { MaxEdgeLength = double.PositiveInfinity, MaxDimension = 0 });
        var mst = rips.Pairs.Where(p => !p.IsEssential).Select(p => p.Death * p.Death / 4).Order().ToArray();
        deaths.Length.ShouldBe(mst.Length);
        for (int i = 0; i < mst.Length; i++)
        {
            deaths[i].ShouldBe(mst[i], 1e-12);
        }
    }

    [Fact]
    public void Alpha_births_precede_deaths_on_a_degenerate_grid()
    {
        var result = PersistentHomology.ComputeAlphaComplex(Clouds.CubeGrid(5), new AlphaComplexOptions { MaxAlphaValue = double.PositiveInfinity });
        result.Pairs.ShouldAllBe(p => p.Birth < p.Death);
        result.BettiNumbers.ShouldBe([1, 0, 0]);
    }
}

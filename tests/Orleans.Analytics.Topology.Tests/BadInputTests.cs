namespace Orleans.Analytics.Topology.Tests;

public sealed class BadInputTests
{
    [Fact]
    public void NaN_coordinate_names_the_point_and_coordinate()
    {
        double[][] points = [[0, 0], [1, 0], [0, double.NaN]];
        var ex = Should.Throw<PointCloudException>(() => PersistentHomology.ComputeVietorisRips(points));
        ex.Message.ShouldContain("Point 2");
        ex.Message.ShouldContain("coordinate 1");
    }

    [Fact]
    public void Infinite_coordinate_is_rejected()
    {
        double[][] points = [[0, 0], [double.PositiveInfinity, 0], [0, 1]];
        Should.Throw<PointCloudException>(() => PersistentHomology.ComputeAlphaComplex(points)).Message.ShouldContain("Point 1");
    }

    [Fact]
    public void Mixed_dimensions_name_the_point()
    {
        double[][] points = [[0, 0], [1, 0, 0], [0, 1]];
        Should.Throw<PointCloudException>(() => PersistentHomology.ComputeVietorisRips(points)).Message.ShouldContain("point 1");
    }

    [Fact]
    public void Fewer_than_three_points_are_rejected()
    {
        double[][] points = [[0, 0], [1, 0]];
        Should.Throw<PointCloudException>(() => PersistentHomology.ComputeVietorisRips(points)).Message.ShouldContain("at least 3");
    }

    [Fact]
    public void Alpha_complex_rejects_four_dimensional_points()
    {
        var points = Clouds.UniformCube(10, 4, 1);
        Should.Throw<PointCloudException>(() => PersistentHomology.ComputeAlphaComplex(points)).Message.ShouldContain("2-D and 3-D");
    }

    [Fact]
    public void Csv_reader_names_line_and_token_of_a_non_number()
    {
        var ex = Should.Throw<PointCloudException>(() => PointCloudCsv.Read(new StringReader("# header\n1,2\n3,abc\n")));
        ex.Message.ShouldContain("Line 3");
        ex.Message.ShouldContain("'abc'");
    }

    [Fact]
    public void Csv_reader_names_the_line_with_a_different_dimension()
    {
        var ex = Should.Throw<PointCloudException>(() => PointCloudCsv.Read(new StringReader("1,2\n\n3,4,5\n")));
        ex.Message.ShouldContain("line 3");
    }

    [Fact]
    public void Csv_reader_rejects_nan_tokens()
    {
        Should.Throw<PointCloudException>(() => PointCloudCsv.Read(new StringReader("1,2\nNaN,4\n"))).Message.ShouldContain("Line 2");
    }

    [Fact]
    public void Memory_limit_fails_before_allocating_and_names_the_limit()
    {
        var points = Clouds.UniformCube(3000, 3, 2);
        var ex = Should.Throw<MemoryLimitExceededException>(() =>
            PersistentHomology.ComputeVietorisRips(points, new VietorisRipsOptions { MaxEdgeLength = 10, MemoryLimitMb = 1 }));
        ex.Message.ShouldContain("MemoryLimitMb = 1");
        ex.EstimatedMb.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void Cancellation_stops_the_computation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Should.Throw<OperationCanceledException>(() =>
            PersistentHomology.ComputeVietorisRips(Clouds.Sphere(300, 3), new VietorisRipsOptions(), cts.Token));
    }

    [Fact]
    public void Timeout_fails_with_a_timeout_exception_naming_the_limit()
    {
        var points = Clouds.Sphere(2500, 4);
        var ex = Should.Throw<TimeoutException>(() =>
            PersistentHomology.ComputeVietorisRips(points, new VietorisRipsOptions { MaxEdgeLength = 0.6, TimeoutSeconds = 0.001 }));
        ex.Message.ShouldContain("TimeoutSeconds");
    }

    [Fact]
    public void Identical_points_leave_one_component()
    {
        double[][] points = [[1, 2, 3], [1, 2, 3], [1, 2, 3]];
        var alpha = PersistentHomology.ComputeAlphaComplex(points);
        alpha.DuplicatesMerged.ShouldBe(2);
        alpha.Pairs.ShouldBe([new PersistencePair(0, 0, double.PositiveInfinity)]);
        var rips = PersistentHomology.ComputeVietorisRips(points);
        rips.Pairs.ShouldBe([new PersistencePair(0, 0, double.PositiveInfinity)]);
    }

    [Fact]
    public void Alpha_complex_merges_duplicates_and_reports_them()
    {
        var points = Clouds.WithDuplicates(Clouds.NoisyCircle(50, 0.01, 3), 5);
        var result = PersistentHomology.ComputeAlphaComplex(points, new AlphaComplexOptions { MaxAlphaValue = 0.5 });
        result.DuplicatesMerged.ShouldBe(10);
        result.NumPoints.ShouldBe(50);
        result.BettiNumbers.ShouldBe([1, 1, 0]);
    }
}

using Orleans.Analytics.Jobs.Tda;

namespace Orleans.Analytics.Grains.Tests;

public sealed class TdaOptionsTests
{
    [Fact]
    public void Options_validation_names_every_bad_key()
    {
        var options = new TdaOptions
        {
            DefaultAlgorithm = "morse",
            MaxPoints = 2,
            Timeout = TimeSpan.Zero,
            Window = new TdaWindowOptions { Type = TdaWindowType.Sliding, Size = TimeSpan.FromSeconds(5), Slide = TimeSpan.FromSeconds(10), Count = 1 },
            Algorithms = new TdaAlgorithmsOptions { VietorisRips = new TdaVietorisRipsOptions { MaxEdgeLength = -1, NumThreads = 0 } },
        };

        var problems = options.Validate();

        foreach (var key in new[] { "Tda:DefaultAlgorithm", "Tda:MaxPoints", "Tda:Timeout", "Tda:Window:Slide", "Tda:Window:Count", "Tda:Algorithms:VietorisRips:MaxEdgeLength", "Tda:Algorithms:VietorisRips:NumThreads" })
        {
            problems.ShouldContain(p => p.StartsWith(key + " ", StringComparison.Ordinal), key);
        }

        new TdaOptions().Validate().ShouldBeEmpty();
    }

    [Fact]
    public void A_sliding_window_must_be_a_whole_number_of_slides()
    {
        var options = new TdaOptions { Window = new TdaWindowOptions { Type = TdaWindowType.Sliding, Size = TimeSpan.FromSeconds(25), Slide = TimeSpan.FromSeconds(10) } };

        options.Validate().ShouldHaveSingleItem().ShouldStartWith("Tda:Window:Size is 00:00:25; a sliding window's size must be a whole multiple of Tda:Window:Slide");
    }
}

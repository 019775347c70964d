using System.Globalization;
using System.Text.Json;
using Orleans.Analytics.Cli;

namespace Orleans.Analytics.Topology.Tests;

public sealed class TdaCommandTests
{
    [Fact]
    public void Tda_prints_one_pair_per_line_with_inf_for_essential_classes()
    {
        string csv = Oracle.WriteCsv(Clouds.Circle(40));
        try
        {
            var (code, output, error) = Run("tda", "--input", csv, "--algorithm", "vietoris_rips", "--max-dimension", "1", "--max-edge-length", "1.0");
            code.ShouldBe(0, error);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines.Length.ShouldBe(41);
            lines.Count(l => l.EndsWith(" inf", StringComparison.Ordinal)).ShouldBe(2);
            lines[^1].ShouldStartWith("1 ");
            double.Parse(lines[0].Split(' ')[2], CultureInfo.InvariantCulture).ShouldBe(2 * Math.Sin(Math.PI / 40), 1e-12);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public void Tda_json_output_has_the_result_record()
    {
        string csv = Oracle.WriteCsv(Clouds.NoisyCircle(60, 0.02, 3));
        try
        {
            var (code, output, error) = Run("tda", "--input", csv, "--algorithm", "alpha_complex", "--max-dimension", "2", "--max-alpha-value", "0.5", "--json");
            code.ShouldBe(0, error);
            using var doc = JsonDocument.Parse(output);
            var root = doc.RootElement;
            root.GetProperty("algorithm").GetString().ShouldBe("alpha_complex");
            root.GetProperty("num_points").GetInt32().ShouldBe(60);
            root.GetProperty("subsampled").GetBoolean().ShouldBeFalse();
            root.GetProperty("betti_numbers").EnumerateArray().Select(e => e.GetInt32()).ShouldBe([1, 1, 0]);
            root.GetProperty("computation_time_ms").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
            var pairs = root.GetProperty("persistence_pairs").EnumerateArray().ToList();
            pairs.Count(p => p.GetProperty("death").ValueKind == JsonValueKind.Null).ShouldBe(2);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public void Tda_reports_bad_input_on_stderr_with_exit_code_2()
    {
        string csv = Path.Combine(Path.GetTempPath(), $"tda-{Guid.NewGuid():N}.csv");
        File.WriteAllText(csv, "0,0\n1,x\n2,2\n");
        try
        {
            var (code, output, error) = Run("tda", "--input", csv, "--algorithm", "vietoris_rips", "--max-dimension", "1");
            code.ShouldBe(2);
            output.ShouldBeEmpty();
            error.ShouldContain("Line 2");
            error.Trim().Split('\n').Length.ShouldBe(1);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public void Tda_rejects_an_unknown_algorithm_with_exit_code_2()
    {
        var (code, _, error) = Run("tda", "--input", "x.csv", "--algorithm", "cech", "--max-dimension", "1");
        code.ShouldBe(2);
        error.ShouldNotBeEmpty();
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

using System.Diagnostics;
using System.Globalization;

namespace Orleans.Analytics.Topology.Tests;

/// <summary>Runs the reference implementations (Debian's ripser, GUDHI) through oracles/tda_oracle.py.</summary>
internal static class Oracle
{
    private const string Install = "Install the reference tools: apt-get install ripser python3-gudhi python3-numpy";

    public static Diagram Ripser(double[][] points, int dim, double threshold) =>
        Run("ripser", points, $"--dim {dim} --threshold {threshold.ToString("R", CultureInfo.InvariantCulture)}");

    public static Diagram GudhiRips(double[][] points, int dim, double threshold) =>
        Run("gudhi-rips", points, $"--dim {dim} --threshold {threshold.ToString("R", CultureInfo.InvariantCulture)}");

    /// <summary>GUDHI's alpha complex; with <paramref name="exact"/> its exact mode, whose filtration values are the
    /// exact squared radii turned into doubles (comparable bit for bit), else its default (safe) mode.</summary>
    public static Diagram GudhiAlpha(double[][] points, int dim, double maxAlphaSquare, bool exact = false) =>
        Run("gudhi-alpha", points, $"--dim {dim} --alpha {maxAlphaSquare.ToString("R", CultureInfo.InvariantCulture)} --precision {(exact ? "exact" : "safe")}");

    public static string WriteCsv(double[][] points)
    {
        string path = Path.Combine(Path.GetTempPath(), $"tda-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, points.Select(p => string.Join(",", p.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
        return path;
    }

    private static Diagram Run(string engine, double[][] points, string arguments)
    {
        if (!File.Exists("/usr/bin/ripser"))
        {
            Assert.Fail($"/usr/bin/ripser is missing. {Install}");
        }

        string script = Path.Combine(AppContext.BaseDirectory, "oracles", "tda_oracle.py");
        string csv = WriteCsv(points);
        try
        {
            var info = new ProcessStartInfo("/usr/bin/python3", $"\"{script}\" {engine} \"{csv}\" {arguments}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Assert.Fail($"The {engine} oracle failed ({stderr.Trim()}). {Install}");
            }

            return Diagram.Parse(stdout.Result);
        }
        finally
        {
            File.Delete(csv);
        }
    }
}

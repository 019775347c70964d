using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Analytics.Topology.Benchmarks;

/// <summary>Runs a program under <c>/usr/bin/time -v</c>, returning its output, wall time and peak resident memory.</summary>
internal static partial class ExternalRun
{
    public static (string Output, double Seconds, double PeakMb) Run(string program, string arguments, string? stdinFile = null)
    {
        bool timed = File.Exists("/usr/bin/time");
        var info = new ProcessStartInfo(timed ? "/usr/bin/time" : program, timed ? $"-v {program} {arguments}" : arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdinFile is not null,
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        if (stdinFile is not null)
        {
            process.StandardInput.Write(File.ReadAllText(stdinFile));
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        double seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {arguments} failed: {error}");
        }

        var match = PeakPattern().Match(error);
        double peak = match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) / 1024 : double.NaN;
        return (output.Result, seconds, peak);
    }

    [GeneratedRegex(@"Maximum resident set size \(kbytes\): (\d+)")]
    private static partial Regex PeakPattern();
}

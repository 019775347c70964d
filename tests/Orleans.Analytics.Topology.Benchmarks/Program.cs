using System.Diagnostics;
using System.Globalization;
using Orleans.Analytics.Topology;
using Orleans.Analytics.Topology.Benchmarks;

// Persistence benchmark: our engine in-process and as the built CLI, next to ripser and GUDHI on the same data.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int threads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
string dir = Path.Combine(Path.GetTempPath(), "orleans-analytics-tda-bench");
Directory.CreateDirectory(dir);
string oracle = Path.Combine(AppContext.BaseDirectory, "oracles", "tda_oracle.py");
string cliHost = Path.Combine(AppContext.BaseDirectory, "orleans-analytics");
string cliDll = Path.Combine(AppContext.BaseDirectory, "orleans-analytics.dll");
(string Program, string Prefix) cli = File.Exists(cliHost) ? (cliHost, "") : ("dotnet", $"\"{cliDll}\" ");

var rips = new (string Name, double[][] Points, double Threshold)[]
{
    ("circle_1000", Datasets.Circle(1000, 0.02, 1), 0.5),
    ("sphere_1500", Datasets.Sphere(1500, 2), 0.5),
    ("torus_2000", Datasets.Torus(2000, 2, 1, 3), 1.0),
    ("cube_1000", Datasets.Cube(1000, 4), 0.25),
};
var alpha = new (string Name, double[][] Points)[] { ("torus_2000", rips[2].Points), ("sphere_1500", rips[1].Points) };

Console.WriteLine($"threads={threads}  (ripser and GUDHI are single-threaded); times in seconds, memory = peak RSS in MB");
Console.WriteLine($"{"dataset",-13} {"ours",8} {"ours-cli",9} {"ripser",8} {"gudhi",8} {"ratio",6} {"=ripser",8} {"=gudhi",7} {"mem-cli",8} {"mem-rip",8} {"mem-gud",8}");
double sumOurs = 0, sumCli = 0, sumRipser = 0;
foreach (var (name, points, threshold) in rips)
{
    string csv = Path.Combine(dir, name + ".csv");
    string ssv = Path.Combine(dir, name + ".txt");
    Datasets.Write(csv, points, ",");
    Datasets.Write(ssv, points, " ");
    var options = new VietorisRipsOptions { MaxEdgeLength = threshold, MaxDimension = 2, NumThreads = threads };
    var (ours, best) = BestOfThree(() => PersistentHomology.ComputeVietorisRips(points, options));
    string t = threshold.ToString("R", CultureInfo.InvariantCulture);
    var ourCli = ExternalRun.Run(cli.Program, $"{cli.Prefix}tda --input {csv} --algorithm vietoris_rips --max-dimension 2 --max-edge-length {t} --threads {threads}");
    var ripser = ExternalRun.Run("/usr/bin/ripser", $"--format point-cloud --dim 2 --threshold {t}", ssv);
    var gudhi = ExternalRun.Run("/usr/bin/python3", $"{oracle} gudhi-rips {csv} --dim 2 --threshold {t}");
    var (gudhiPairs, gudhiSeconds) = DiagramText.ParseOracle(gudhi.Output);
    int vsRipser = DiagramText.Differences(ours.Pairs, DiagramText.ParseRipser(ripser.Output), 1e-5);
    int vsGudhi = DiagramText.Differences(ours.Pairs, gudhiPairs, 1e-9);
    sumOurs += best;
    sumCli += ourCli.Seconds;
    sumRipser += ripser.Seconds;
    Console.WriteLine($"{name,-13} {best,8:F3} {ourCli.Seconds,9:F3} {ripser.Seconds,8:F3} {gudhiSeconds,8:F3} {best / ripser.Seconds,6:F2} {Same(vsRipser),8} {Same(vsGudhi),7} {ourCli.PeakMb,8:F0} {ripser.PeakMb,8:F0} {gudhi.PeakMb,8:F0}");
}

Console.WriteLine($"Rips summed: ours {sumOurs:F3} s in-process ({sumOurs / sumRipser:F2}x ripser), {sumCli:F3} s as CLI ({sumCli / sumRipser:F2}x ripser); ripser {sumRipser:F3} s");
Console.WriteLine();
Console.WriteLine($"{"alpha",-13} {"ours",8} {"ours-cli",9} {"gudhi",8} {"ratio",6} {"=gudhi",7} {"mem-cli",8} {"mem-gud",8}");
foreach (var (name, points) in alpha)
{
    string csv = Path.Combine(dir, name + ".csv");
    var options = new AlphaComplexOptions { MaxAlphaValue = double.PositiveInfinity, MaxDimension = 2, NumThreads = threads };
    var (ours, best) = BestOfThree(() => PersistentHomology.ComputeAlphaComplex(points, options));
    var ourCli = ExternalRun.Run(cli.Program, $"{cli.Prefix}tda --input {csv} --algorithm alpha_complex --max-dimension 2 --max-alpha-value 1e300 --threads {threads}");
    var gudhi = ExternalRun.Run("/usr/bin/python3", $"{oracle} gudhi-alpha {csv} --dim 2");
    var (gudhiPairs, gudhiSeconds) = DiagramText.ParseOracle(gudhi.Output);
    int vsGudhi = DiagramText.Differences(ours.Pairs, gudhiPairs, 1e-9);
    Console.WriteLine($"{name,-13} {best,8:F3} {ourCli.Seconds,9:F3} {gudhiSeconds,8:F3} {best / gudhiSeconds,6:F2} {Same(vsGudhi),7} {ourCli.PeakMb,8:F0} {gudhi.PeakMb,8:F0}");
}

Console.WriteLine();
Console.WriteLine($"in-process peak working set (whole benchmark): {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F0} MB");
return 0;

static (PersistenceResult Result, double Seconds) BestOfThree(Func<PersistenceResult> run)
{
    var result = run();
    double best = double.PositiveInfinity;
    for (int i = 0; i < 3; i++)
    {
        var clock = Stopwatch.StartNew();
        result = run();
        best = Math.Min(best, clock.Elapsed.TotalSeconds);
    }

    return (result, best);
}

static string Same(int differences) => differences == 0 ? "yes" : $"no({differences})";

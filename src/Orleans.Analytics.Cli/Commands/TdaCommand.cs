using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Orleans.Analytics.Topology;

namespace Orleans.Analytics.Cli.Commands;

/// <summary><c>tda</c>: persistent homology of a point cloud read from a CSV file.</summary>
internal static class TdaCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "CSV file, one point per line (comma-separated coordinates).", Required = true };
        var algorithm = new Option<string>("--algorithm") { Description = "vietoris_rips or alpha_complex.", Required = true };
        algorithm.AcceptOnlyFromAmong(PersistentHomology.VietorisRips, PersistentHomology.AlphaComplex);
        var maxDimension = new Option<int>("--max-dimension") { Description = "Highest homology dimension.", Required = true };
        var maxEdge = new Option<double>("--max-edge-length") { Description = "Rips threshold (distance).", DefaultValueFactory = _ => 1.0 };
        var maxAlpha = new Option<double>("--max-alpha-value") { Description = "Alpha threshold (squared radius).", DefaultValueFactory = _ => 1.0 };
        var threads = new Option<int>("--threads") { Description = "Worker threads.", DefaultValueFactory = _ => 1 };
        var maxPoints = new Option<int>("--max-points") { Description = "Landmark-subsample above this many points.", DefaultValueFactory = _ => 10000 };
        var timeout = new Option<double>("--timeout-seconds") { Description = "Time limit in seconds.", DefaultValueFactory = _ => 300 };
        var memory = new Option<int>("--memory-limit-mb") { Description = "Memory limit in megabytes.", DefaultValueFactory = _ => 1024 };
        var json = new Option<bool>("--json") { Description = "Print the result record as JSON." };

        var command = new Command("tda", "Compute the persistence diagram of a point cloud.");
        foreach (var option in new Option[] { input, algorithm, maxDimension, maxEdge, maxAlpha, threads, maxPoints, timeout, memory, json })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                var points = PointCloudCsv.ReadFile(parseResult.GetRequiredValue(input).FullName);
                var result = parseResult.GetRequiredValue(algorithm) == PersistentHomology.AlphaComplex
                    ? PersistentHomology.ComputeAlphaComplex(points, new AlphaComplexOptions
                    {
                        MaxDimension = parseResult.GetValue(maxDimension),
                        MaxAlphaValue = parseResult.GetValue(maxAlpha),
                        NumThreads = parseResult.GetValue(threads),
                        MaxPoints = parseResult.GetValue(maxPoints),
                        TimeoutSeconds = parseResult.GetValue(timeout),
                        MemoryLimitMb = parseResult.GetValue(memory),
                    }, cancellationToken)
                    : PersistentHomology.ComputeVietorisRips(points, new VietorisRipsOptions
                    {
                        MaxDimension = parseResult.GetValue(maxDimension),
                        MaxEdgeLength = parseResult.GetValue(maxEdge),
                        NumThreads = parseResult.GetValue(threads),
                        MaxPoints = parseResult.GetValue(maxPoints),
                        TimeoutSeconds = parseResult.GetValue(timeout),
                        MemoryLimitMb = parseResult.GetValue(memory),
                    }, cancellationToken);
                if (parseResult.GetValue(json))
                {
                    output.WriteLine(JsonSerializer.Serialize(TdaJsonResult.From(result), TdaJsonContext.Default.TdaJsonResult));
                }
                else
                {
                    WritePairs(output, result);
                }

                return Task.FromResult(0);
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"tda: {ex.Message}");
                return Task.FromResult(CliApp.BadInput);
            }
            catch (Exception ex) when (ex is MemoryLimitExceededException or TimeoutException)
            {
                error.WriteLine($"tda: {ex.Message}");
                return Task.FromResult(3);
            }
        });
        return command;
    }

    private static void WritePairs(TextWriter output, PersistenceResult result)
    {
        foreach (var pair in result.Pairs)
        {
            output.Write(pair.Dimension.ToString(CultureInfo.InvariantCulture));
            output.Write(' ');
            output.Write(pair.Birth.ToString("R", CultureInfo.InvariantCulture));
            output.Write(' ');
            output.WriteLine(pair.IsEssential ? "inf" : pair.Death.ToString("R", CultureInfo.InvariantCulture));
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using Orleans.Analytics.Topology;

namespace Orleans.Analytics.Jobs.Tda;

/// <summary>Computes one window's persistence with the job's limits; every failure becomes an outcome, never an exception.</summary>
internal static class TdaComputation
{
    public static TdaWindowOutcome Compute(IReadOnlyList<double[]> points, string algorithm, TdaOptions options, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        if (options.OnTooManyPoints == TdaOversizePolicy.Reject && points.Count > options.MaxPoints)
        {
            return TdaWindowOutcome.Failed(algorithm, "TOO_MANY_POINTS", string.Create(
                CultureInfo.InvariantCulture,
                $"The window has {points.Count} points, above Tda:MaxPoints = {options.MaxPoints} (Tda:OnTooManyPoints = Reject)."), TimeSpan.Zero);
        }

        try
        {
            var result = algorithm switch
            {
                PersistentHomology.VietorisRips => PersistentHomology.ComputeVietorisRips(points, new VietorisRipsOptions
                {
                    MaxEdgeLength = options.Algorithms.VietorisRips.MaxEdgeLength,
                    MaxDimension = options.Algorithms.VietorisRips.MaxDimension,
                    NumThreads = options.Algorithms.VietorisRips.NumThreads,
                    TimeoutSeconds = options.Timeout.TotalSeconds,
                    MemoryLimitMb = options.MemoryLimitMb,
                    MaxPoints = options.MaxPoints,
                }, cancellationToken),
                PersistentHomology.AlphaComplex => PersistentHomology.ComputeAlphaComplex(points, new AlphaComplexOptions
                {
                    MaxAlphaValue = options.Algorithms.AlphaComplex.MaxAlphaValue,
                    MaxDimension = options.Algorithms.AlphaComplex.MaxDimension,
                    TimeoutSeconds = options.Timeout.TotalSeconds,
                    MemoryLimitMb = options.MemoryLimitMb,
                    MaxPoints = options.MaxPoints,
                }, cancellationToken),
                _ => null,
            };
            return result is null
                ? TdaWindowOutcome.Failed(algorithm, "UNSUPPORTED_ALGORITHM", $"Unsupported algorithm: {algorithm} (allowed: vietoris_rips, alpha_complex).", Stopwatch.GetElapsedTime(start))
                : new TdaWindowOutcome(algorithm, result, null, null, Stopwatch.GetElapsedTime(start));
        }
        catch (PointCloudException ex)
        {
            return TdaWindowOutcome.Failed(algorithm, "INVALID_POINT_CLOUD", ex.Message, Stopwatch.GetElapsedTime(start));
        }
        catch (MemoryLimitExceededException ex)
        {
            return TdaWindowOutcome.Failed(algorithm, "MEMORY_LIMIT_EXCEEDED", ex.Message, Stopwatch.GetElapsedTime(start));
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            return TdaWindowOutcome.Failed(algorithm, "TIMEOUT", TimeoutMessage(options), Stopwatch.GetElapsedTime(start));
        }
        catch (ArgumentException ex)
        {
            return TdaWindowOutcome.Failed(algorithm, "INVALID_PARAMETERS", ex.Message, Stopwatch.GetElapsedTime(start));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // As in the seed, any failure of a window becomes its error record rather than stopping the stream.
            return TdaWindowOutcome.Failed(algorithm, "COMPUTATION_FAILED", ex.Message, Stopwatch.GetElapsedTime(start));
        }
    }

    public static string TimeoutMessage(TdaOptions options) =>
        string.Create(CultureInfo.InvariantCulture, $"The computation exceeded Tda:Timeout = {options.Timeout}.");
}

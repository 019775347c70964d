using Orleans.Analytics.Topology;

namespace Orleans.Analytics.Jobs.Tda;

/// <summary>What computing a window gave: a persistence result, or an error with its type and message.</summary>
/// <param name="Algorithm">The algorithm used (or asked for).</param>
/// <param name="Result">The result, or null on error.</param>
/// <param name="ErrorType">A short code such as <c>TIMEOUT</c>, or null.</param>
/// <param name="ErrorMessage">What went wrong, or null.</param>
/// <param name="Elapsed">Wall-clock time spent.</param>
internal sealed record TdaWindowOutcome(string Algorithm, PersistenceResult? Result, string? ErrorType, string? ErrorMessage, TimeSpan Elapsed)
{
    public bool IsError => Result is null;

    public static TdaWindowOutcome Failed(string algorithm, string errorType, string message, TimeSpan elapsed) =>
        new(algorithm, null, errorType, message, elapsed);
}

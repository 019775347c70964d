using Orleans.Analytics.Topology;

namespace Orleans.Analytics.Cli.Commands;

/// <summary>The JSON shape of a TDA result (snake_case, death null when infinite).</summary>
internal sealed record TdaJsonResult(
    IReadOnlyList<TdaJsonPair> PersistencePairs,
    IReadOnlyList<int> BettiNumbers,
    double ComputationTimeMs,
    string Algorithm,
    int NumPoints,
    int InputPoints,
    bool Subsampled,
    int DuplicatesMerged)
{
    public static TdaJsonResult From(PersistenceResult result) => new(
        result.Pairs.Select(p => new TdaJsonPair(p.Dimension, p.Birth, p.IsEssential ? null : p.Death)).ToList(),
        result.BettiNumbers,
        result.ComputationTime.TotalMilliseconds,
        result.Algorithm,
        result.NumPoints,
        result.InputPoints,
        result.Subsampled,
        result.DuplicatesMerged);
}

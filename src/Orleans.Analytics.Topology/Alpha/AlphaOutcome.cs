namespace Orleans.Analytics.Topology.Alpha;

/// <summary>Pairs of an alpha computation and the number of distinct points it used.</summary>
internal sealed record AlphaOutcome(List<PersistencePair> Pairs, int DistinctPoints);

namespace Orleans.Analytics.Topology;

/// <summary>The outcome of a persistence computation.</summary>
public sealed record PersistenceResult
{
    /// <summary>Algorithm name: <c>vietoris_rips</c> or <c>alpha_complex</c>.</summary>
    public required string Algorithm { get; init; }

    /// <summary>Intervals sorted by dimension, then birth, then death. Intervals with birth equal to death are omitted.</summary>
    public required IReadOnlyList<PersistencePair> Pairs { get; init; }

    /// <summary>Number of essential classes per dimension 0..MaxDimension.</summary>
    public required IReadOnlyList<int> BettiNumbers { get; init; }

    /// <summary>Wall-clock time of the computation, including validation and subsampling.</summary>
    public required TimeSpan ComputationTime { get; init; }

    /// <summary>Number of points the diagram was computed on (after subsampling and merging duplicates).</summary>
    public required int NumPoints { get; init; }

    /// <summary>Number of points supplied.</summary>
    public required int InputPoints { get; init; }

    /// <summary>True when maxmin landmark subsampling reduced the cloud.</summary>
    public required bool Subsampled { get; init; }

    /// <summary>Number of duplicate points merged before building the complex (alpha complex only).</summary>
    public int DuplicatesMerged { get; init; }
}

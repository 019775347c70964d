namespace Orleans.Analytics.Core.Aggregation;

/// <summary>The persisted form of a <see cref="PercentileSketch"/>.</summary>
/// <param name="RelativeAccuracy">α.</param>
/// <param name="MinIndex">The bucket index of <paramref name="Counts"/>[0].</param>
/// <param name="Counts">Counts of consecutive logarithmic buckets.</param>
/// <param name="ZeroCount">Values counted as zero.</param>
/// <param name="Count">Values added.</param>
/// <param name="Sum">Sum of the values.</param>
/// <param name="Min">Smallest value, or NaN.</param>
/// <param name="Max">Largest value, or NaN.</param>
public sealed record PercentileSketchState(
    double RelativeAccuracy,
    int MinIndex,
    long[] Counts,
    long ZeroCount,
    long Count,
    double Sum,
    double Min,
    double Max);

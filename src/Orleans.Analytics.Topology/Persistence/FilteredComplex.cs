namespace Orleans.Analytics.Topology.Persistence;

/// <summary>A simplicial complex in filtration order: per simplex its dimension, value and the positions of its
/// facets (each earlier in the order).</summary>
internal sealed class FilteredComplex(int[] dimensions, double[] values, int[][] boundaries)
{
    public int[] Dimensions { get; } = dimensions;

    public double[] Values { get; } = values;

    public int[][] Boundaries { get; } = boundaries;

    public int Count => Dimensions.Length;
}

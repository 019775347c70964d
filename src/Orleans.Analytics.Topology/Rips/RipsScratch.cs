namespace Orleans.Analytics.Topology.Rips;

/// <summary>Per-thread buffers so that the hot loops never allocate.</summary>
internal sealed class RipsScratch
{
    public RipsScratch(int maxVertices)
    {
        OuterVertices = new int[maxVertices];
        OuterEnumerator = new int[2 * maxVertices];
        InnerEnumerator = new int[2 * maxVertices];
        CofacetVertices = new int[maxVertices];
        FacetVertices = new int[maxVertices];
        PairDistances = new double[maxVertices * maxVertices];
        Buffer = new Entry[256];
    }

    public int[] OuterVertices { get; }

    public int[] OuterEnumerator { get; }

    public int[] InnerEnumerator { get; }

    public int[] CofacetVertices { get; }

    public int[] FacetVertices { get; }

    public double[] PairDistances { get; }

    public Entry[] Buffer { get; set; }
}

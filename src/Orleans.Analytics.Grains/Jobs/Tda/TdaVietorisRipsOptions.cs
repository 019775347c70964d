namespace Orleans.Analytics.Jobs.Tda;

/// <summary>Vietoris–Rips parameters (configuration section <c>Tda:Algorithms:VietorisRips</c>), with the seed's defaults.</summary>
public sealed class TdaVietorisRipsOptions
{
    /// <summary>Largest edge length admitted into the complex. Default 2.0.</summary>
    public double MaxEdgeLength { get; set; } = 2.0;

    /// <summary>Highest homology dimension reported. Default 2.</summary>
    public int MaxDimension { get; set; } = 2;

    /// <summary>Worker threads of one computation. Default 4.</summary>
    public int NumThreads { get; set; } = 4;
}

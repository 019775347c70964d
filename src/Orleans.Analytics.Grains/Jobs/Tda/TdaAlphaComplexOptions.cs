namespace Orleans.Analytics.Jobs.Tda;

/// <summary>Alpha-complex parameters (configuration section <c>Tda:Algorithms:AlphaComplex</c>), with the seed's defaults.</summary>
public sealed class TdaAlphaComplexOptions
{
    /// <summary>Largest filtration value kept (squared radius). Default 1.0.</summary>
    public double MaxAlphaValue { get; set; } = 1.0;

    /// <summary>Highest homology dimension reported. Default 2.</summary>
    public int MaxDimension { get; set; } = 2;
}

namespace Orleans.Analytics.Jobs.Tda;

/// <summary>Per-algorithm parameters (configuration section <c>Tda:Algorithms</c>).</summary>
public sealed class TdaAlgorithmsOptions
{
    /// <summary>Parameters of <c>vietoris_rips</c>.</summary>
    public TdaVietorisRipsOptions VietorisRips { get; set; } = new();

    /// <summary>Parameters of <c>alpha_complex</c>.</summary>
    public TdaAlphaComplexOptions AlphaComplex { get; set; } = new();
}

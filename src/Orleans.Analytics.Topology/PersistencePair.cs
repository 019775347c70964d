namespace Orleans.Analytics.Topology;

/// <summary>One interval of a persistence diagram.</summary>
/// <param name="Dimension">Homology dimension.</param>
/// <param name="Birth">Filtration value at which the class appears.</param>
/// <param name="Death">Filtration value at which it dies; <see cref="double.PositiveInfinity"/> for essential classes.</param>
public readonly record struct PersistencePair(int Dimension, double Birth, double Death)
{
    /// <summary>True when the class never dies within the computed filtration.</summary>
    public bool IsEssential => double.IsPositiveInfinity(Death);
}

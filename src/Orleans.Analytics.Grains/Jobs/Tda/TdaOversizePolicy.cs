namespace Orleans.Analytics.Jobs.Tda;

/// <summary>What happens to a window with more points than <see cref="TdaOptions.MaxPoints"/> (<c>Tda:OnTooManyPoints</c>).</summary>
public enum TdaOversizePolicy
{
    /// <summary>Maxmin landmark subsampling down to <see cref="TdaOptions.MaxPoints"/>; the result says so. The default.</summary>
    Subsample = 0,

    /// <summary>The window yields an error record instead of a result.</summary>
    Reject = 1,
}

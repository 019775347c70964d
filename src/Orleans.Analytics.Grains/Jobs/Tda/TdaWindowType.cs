namespace Orleans.Analytics.Jobs.Tda;

/// <summary>How a point-cloud stream is cut into windows (<c>Tda:Window:Type</c>).</summary>
public enum TdaWindowType
{
    /// <summary>Consecutive windows of <see cref="TdaWindowOptions.Size"/>. The default.</summary>
    Tumbling = 0,

    /// <summary>Windows of <see cref="TdaWindowOptions.Size"/> starting every <see cref="TdaWindowOptions.Slide"/>.</summary>
    Sliding = 1,

    /// <summary>A window that closes after <see cref="TdaWindowOptions.Gap"/> without events.</summary>
    Session = 2,

    /// <summary>A window that closes once it holds <see cref="TdaWindowOptions.Count"/> points.</summary>
    Count = 3,
}

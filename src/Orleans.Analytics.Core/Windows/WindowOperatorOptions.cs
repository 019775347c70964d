namespace Orleans.Analytics.Core.Windows;

/// <summary>Settings of a keyed window or session operator.</summary>
public sealed record WindowOperatorOptions
{
    /// <summary>How long after a window closes its late records still update and re-emit it (<c>Processing:AllowedLateness</c>). Default 0.</summary>
    public TimeSpan AllowedLateness { get; init; } = TimeSpan.Zero;

    /// <summary>An optional early-firing trigger; default <see langword="null"/> (emit only when the window closes).</summary>
    public CountTrigger? CountTrigger { get; init; }

    /// <summary>Initial capacity of the per-key state table, to avoid rehashing under load. Default 1024.</summary>
    public int InitialKeyCapacity { get; init; } = 1024;
}

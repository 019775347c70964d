namespace Orleans.Analytics.Core.Windows;

/// <summary>
/// Fires a window early each time it has received <see cref="Count"/> records since its last emission,
/// in addition to the on-time firing when the watermark passes its end.
/// </summary>
/// <remarks>
/// Like Flink's <c>CountTrigger.of(n)</c> (fire without purging) combined with the event-time trigger: every early
/// firing is an emission of the window's current result with the next revision, so a consumer keeping the latest
/// revision per result key always sees the freshest value.
/// </remarks>
public sealed class CountTrigger
{
    /// <summary>Creates a count trigger.</summary>
    /// <param name="count">Records per early firing; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public CountTrigger(long count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
    }

    /// <summary>Records per early firing.</summary>
    public long Count { get; }

    /// <summary>Whether a window that has received <paramref name="recordsSinceLastEmission"/> records should fire.</summary>
    /// <param name="recordsSinceLastEmission">Records added since the window was last emitted.</param>
    /// <returns><see langword="true"/> when the count is reached.</returns>
    public bool ShouldFire(long recordsSinceLastEmission) => recordsSinceLastEmission >= Count;
}

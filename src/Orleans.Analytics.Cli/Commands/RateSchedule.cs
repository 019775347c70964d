namespace Orleans.Analytics.Cli.Commands;

/// <summary>
/// When the records of a steady rate are due: record <c>n</c> (from 0) at <c>n / rate</c> after the start. Due times
/// come from the start, not from the previous send, so a late wake-up sends what is due and the rate does not drift.
/// </summary>
internal sealed class RateSchedule
{
    public RateSchedule(double ratePerSecond, TimeSpan? duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        Rate = ratePerSecond;
        Duration = duration;

        // The records due strictly before the end: rate × duration, rounded up for a fractional product.
        Total = duration is { } d ? (long)Math.Ceiling((ratePerSecond * d.TotalSeconds) - 1e-9) : long.MaxValue;
    }

    public double Rate { get; }

    /// <summary>How long the run lasts; <see langword="null"/> until stopped.</summary>
    public TimeSpan? Duration { get; }

    /// <summary>How many records the run sends in all; <see cref="long.MaxValue"/> without a duration.</summary>
    public long Total { get; }

    /// <summary>How many records should have been sent <paramref name="elapsed"/> after the start.</summary>
    public long DueBy(TimeSpan elapsed) =>
        elapsed < TimeSpan.Zero ? 0 : (long)Math.Min(Total, Math.Floor(elapsed.TotalSeconds * Rate) + 1);

    /// <summary>When record <paramref name="index"/> (from 0) is due, after the start.</summary>
    public TimeSpan DueAt(long index) => TimeSpan.FromSeconds(index / Rate);
}

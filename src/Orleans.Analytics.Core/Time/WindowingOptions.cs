namespace Orleans.Analytics.Core.Time;

/// <summary>
/// Time and lateness settings shared by the windowed jobs, bound from the <c>Processing</c> section.
/// </summary>
public sealed record WindowingOptions
{
    /// <summary>How far a partition's watermark trails its largest event time (<c>Processing:WatermarkDelay</c>). Default 10 s.</summary>
    public TimeSpan WatermarkDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a partition may be silent before it is idle and stops holding back the watermark (<c>Processing:IdleTimeout</c>). Default 5 s.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long after a window closes its late records still update it and re-emit it (<c>Processing:AllowedLateness</c>). Default 0.</summary>
    public TimeSpan AllowedLateness { get; init; } = TimeSpan.Zero;

    /// <summary>Event time or processing time (<c>Processing:TimeMode</c>). Default <see cref="TimeMode.EventTime"/>.</summary>
    public TimeMode TimeMode { get; init; } = TimeMode.EventTime;

    /// <summary>Checks every field and reports all problems at once, each naming its configuration key.</summary>
    /// <returns>The problems found; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (WatermarkDelay < TimeSpan.Zero)
        {
            errors.Add($"Processing:WatermarkDelay is {WatermarkDelay}; it must be zero or positive.");
        }

        if (IdleTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Processing:IdleTimeout is {IdleTimeout}; it must be positive.");
        }

        if (AllowedLateness < TimeSpan.Zero)
        {
            errors.Add($"Processing:AllowedLateness is {AllowedLateness}; it must be zero or positive.");
        }

        if (!Enum.IsDefined(TimeMode))
        {
            errors.Add($"Processing:TimeMode is {TimeMode}; allowed values are EventTime and ProcessingTime.");
        }

        return errors;
    }
}

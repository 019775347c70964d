namespace Orleans.Analytics.Jobs.Tda;

/// <summary>An open window of a point-cloud stream: its bounds and the points gathered so far.</summary>
[GenerateSerializer]
internal sealed class TdaWindow
{
    /// <summary>Start, epoch milliseconds (first event for count windows).</summary>
    [Id(0)]
    public long Start { get; set; }

    /// <summary>End (exclusive), epoch milliseconds; for sessions, the last event plus the gap; for count windows, the last event.</summary>
    [Id(1)]
    public long End { get; set; }

    /// <summary>Events that joined the window.</summary>
    [Id(2)]
    public int EventCount { get; set; }

    /// <summary>The points, in arrival order.</summary>
    [Id(3)]
    public List<double[]> Points { get; set; } = [];

    /// <summary>The algorithm the latest event that named one asked for, or null.</summary>
    [Id(4)]
    public string? Algorithm { get; set; }

    /// <summary>Sequence number of a count window (its stable identity), else 0.</summary>
    [Id(5)]
    public long Sequence { get; set; }

    /// <summary>The window's id in results: <c>start-end</c>, or <c>count-N</c> for count windows (stable across replays).</summary>
    public string Id(TdaWindowType type) => type == TdaWindowType.Count
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"count-{Sequence}")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Start}-{End}");
}

namespace Orleans.Analytics.Pipeline;

/// <summary>The durable state of a key grain.</summary>
[GenerateSerializer]
public sealed class JobKeyGrainState
{
    /// <summary>The last offset applied per source partition; replays at or below it are skipped.</summary>
    [Id(0)]
    public Dictionary<int, long> LastApplied { get; set; } = [];

    /// <summary>The job's state for this key (<see cref="Jobs.IJobKeyState.Save"/>), or null when empty.</summary>
    [Id(2)]
    public byte[]? Saved { get; set; }
}

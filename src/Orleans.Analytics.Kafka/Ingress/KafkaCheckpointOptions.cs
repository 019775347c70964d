namespace Orleans.Analytics.Kafka;

/// <summary>Checkpoints of a source topic (see <see cref="KafkaCheckpoint"/>).</summary>
public sealed class KafkaCheckpointOptions
{
    /// <summary>The longest time between two checkpoints of a partition that receives records; zero checkpoints after every mini-batch. Default 30 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A partition that has read to its end and received nothing new for this long checkpoints at once, so that a
    /// burst is committed without waiting for the interval. Default 1 s.
    /// </summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromSeconds(1);
}

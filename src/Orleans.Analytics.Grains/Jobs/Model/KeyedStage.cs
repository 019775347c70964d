namespace Orleans.Analytics.Jobs;

/// <summary>A keyed input: say how it is windowed, or keep a running aggregate per key.</summary>
/// <typeparam name="T">The input type.</typeparam>
public sealed class KeyedStage<T>
{
    private readonly JobSpec<T> _spec;

    internal KeyedStage(JobSpec<T> spec) => _spec = spec;

    /// <summary>
    /// The key is the record's Kafka key, so all of a key's records are in one partition (as with records keyed by
    /// user). The state is co-partitioned as in Kafka Streams: one grain per job and partition holds every key of that
    /// partition, fed the partition's inputs in order, instead of one grain per key.
    /// </summary>
    public KeyedStage<T> CoPartitioned()
    {
        _spec.CoPartitioned = true;
        return this;
    }

    /// <summary>Aggregates in <paramref name="window"/> (see <see cref="JobWindows"/>).</summary>
    public WindowedStage<T> Window(JobWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return new WindowedStage<T>(_spec, window);
    }

    /// <summary>Keeps one running aggregate per key, emitted (under the key) whenever it changed and the watermark moved.</summary>
    public ContinuousStage<T> Continuously() => new(_spec);
}

using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs;

/// <summary>
/// A job as the pipeline runs it: what the partition reader does with each parsed input (<see cref="CreateInputGroup"/>)
/// and what a key grain keeps (<see cref="CreateKeyState"/>). Made from a job's definition stages.
/// </summary>
internal abstract class JobRuntime
{
    public abstract string Name { get; }

    public abstract string SourceTopic { get; }

    public abstract IReadOnlyList<string> SinkTopics { get; }

    public abstract string Shape { get; }

    /// <summary>The parser, so that jobs sharing one parse each record once; null for a stateless job.</summary>
    public abstract object? Parser { get; }

    /// <summary>The input type (for the parse group and for serialization).</summary>
    public abstract Type InputType { get; }

    /// <summary>Whether one grain per partition holds every key (the key is the record's Kafka key).</summary>
    public virtual bool CoPartitioned => false;

    /// <summary>Whether the job's windows are sessions (a live query shows them as open sessions).</summary>
    public virtual bool Sessions => false;

    /// <summary>Types that travel between silos inside job deliveries and are written with System.Text.Json.</summary>
    public abstract IEnumerable<Type> SerializedTypes { get; }

    /// <summary>The key state of grain <paramref name="grainKey"/> (a key, or <c>partition:N</c> when co-partitioned).</summary>
    public abstract IKeyState CreateKeyState(string grainKey);

    /// <summary>The parse group for inputs of this job's type: it parses once and routes to every job in it.</summary>
    public abstract IInputGroup CreateInputGroup(IReadOnlyList<JobRuntime> jobs, ReaderSettings settings);

    /// <summary>What a stateless job does with a record, or null for a keyed job.</summary>
    public virtual IRecordProcessor? Processor => null;

    /// <summary>The consumer group of the source topic, or null for the pipeline's (<c>Kafka:ConsumerGroup</c>).</summary>
    public virtual string? ConsumerGroup => null;

    /// <summary>The grain key a co-partitioned job's inputs of <paramref name="partition"/> go to.</summary>
    public static string PartitionKey(int partition) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"partition:{partition}");

    /// <summary>The grain (and stream) key of a job's key: <c>job|key</c>.</summary>
    public static string GrainKey(string job, string key) => string.Concat(job, "|", key);
}

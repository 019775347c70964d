using System.Text.Json.Serialization.Metadata;

namespace Orleans.Analytics.Jobs;

/// <summary>Starts a job's definition: its name and its source.</summary>
public sealed class JobBuilder
{
    internal JobBuilder(string name, JobDefaults defaults)
    {
        Name = name;
        Defaults = defaults;
    }

    /// <summary>The job's name: part of its key grains' identity, so never rename a running job.</summary>
    public string Name { get; private set; }

    internal JobDefaults Defaults { get; }

    /// <summary>Names the job (default: from its registration's configuration section, e.g. <c>orders-per-region</c>).</summary>
    public JobBuilder Named(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Job name '{name}' contains '|', which separates the job from the key in grain names.", nameof(name));
        }

        Name = name;
        return this;
    }

    /// <summary>Reads <paramref name="topic"/>; each record is one JSON document of <typeparamref name="T"/>.</summary>
    public SourceStage<T> From<T>(string topic, JsonTypeInfo<T> typeInfo) => From(topic, new JsonRecordParser<T>(typeInfo));

    /// <summary>Reads <paramref name="topic"/> with <paramref name="parser"/>; jobs of a topic that share a parser share its parse of each record.</summary>
    public SourceStage<T> From<T>(string topic, IRecordParser<T> parser)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(parser);
        return new SourceStage<T>(new JobSpec<T>(Name, topic, parser, Defaults));
    }

    /// <summary>
    /// A stateless job: every record of <paramref name="topic"/> goes through <paramref name="processor"/>, which yields
    /// its output records for <paramref name="sinkTopics"/>. <paramref name="consumerGroup"/> commits the topic's offsets
    /// (null: <c>Kafka:ConsumerGroup</c>).
    /// </summary>
    public JobDefinition Process(string topic, IRecordProcessor processor, string? consumerGroup, params string[] sinkTopics)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(processor);
        return new JobDefinition(new StatelessJobRuntime(Name, topic, processor, sinkTopics, consumerGroup));
    }
}

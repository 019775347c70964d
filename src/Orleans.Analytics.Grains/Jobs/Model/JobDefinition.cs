namespace Orleans.Analytics.Jobs;

/// <summary>What a job is, as the pipeline runs it: made by the stages of a <see cref="JobBuilder"/>.</summary>
public sealed class JobDefinition
{
    internal JobDefinition(JobRuntime runtime) => Runtime = runtime;

    /// <summary>The job's name.</summary>
    public string Name => Runtime.Name;

    /// <summary>The topic it reads.</summary>
    public string SourceTopic => Runtime.SourceTopic;

    /// <summary>The topics it writes.</summary>
    public IReadOnlyList<string> SinkTopics => Runtime.SinkTopics;

    /// <summary>How it keeps state, for status pages: <c>tumbling 00:01:00</c>, <c>session gap 00:30:00</c>, <c>continuous</c>, <c>stateless</c>.</summary>
    public string Shape => Runtime.Shape;

    internal JobRuntime Runtime { get; }
}

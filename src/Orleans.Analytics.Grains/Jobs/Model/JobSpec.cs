namespace Orleans.Analytics.Jobs;

/// <summary>What the stages before the window say: source, parser, filter, event time and keys.</summary>
internal sealed class JobSpec<T>(string name, string topic, IRecordParser<T> parser, JobDefaults defaults)
{
    public string Name { get; } = name;

    public string Topic { get; } = topic;

    public IRecordParser<T> Parser { get; } = parser;

    public JobDefaults Defaults { get; } = defaults;

    public Func<T, bool>? Filter { get; set; }

    /// <summary>The event time in epoch milliseconds; null means the record timestamp.</summary>
    public Func<T, long>? EventTime { get; set; }

    public Func<T, string?>? Key { get; set; }

    public Action<T, ICollection<string>>? Keys { get; set; }

    public bool CoPartitioned { get; set; }

    public TimeSpan AllowedLateness { get; set; } = defaults.AllowedLateness;
}

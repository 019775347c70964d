namespace Orleans.Analytics.Jobs;

/// <summary>A job's input before grouping: filter it, say its event time, then key it.</summary>
/// <typeparam name="T">The input type.</typeparam>
public sealed class SourceStage<T>
{
    private readonly JobSpec<T> _spec;

    internal SourceStage(JobSpec<T> spec) => _spec = spec;

    /// <summary>Keeps only the inputs for which <paramref name="predicate"/> is true (several calls: all must hold).</summary>
    public SourceStage<T> Where(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var previous = _spec.Filter;
        _spec.Filter = previous is null ? predicate : value => previous(value) && predicate(value);
        return this;
    }

    /// <summary>The input's event time, epoch milliseconds (default: the Kafka record's timestamp). Ignored in processing-time mode.</summary>
    public SourceStage<T> EventTime(Func<T, long> epochMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(epochMilliseconds);
        _spec.EventTime = epochMilliseconds;
        return this;
    }

    /// <summary>The input's event time (default: the Kafka record's timestamp). Ignored in processing-time mode.</summary>
    public SourceStage<T> EventTime(Func<T, DateTimeOffset> time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _spec.EventTime = value => time(value).ToUnixTimeMilliseconds();
        return this;
    }

    /// <summary>Groups by one key per input; an input whose key is null or empty is not counted.</summary>
    public KeyedStage<T> KeyBy(Func<T, string?> key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _spec.Key = key;
        return new KeyedStage<T>(_spec);
    }

    /// <summary>Groups by several keys per input (it counts under each), for example a page and a device category.</summary>
    public KeyedStage<T> KeyBy(Action<T, ICollection<string>> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _spec.Keys = keys;
        return new KeyedStage<T>(_spec);
    }
}

using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Jobs;

/// <summary>A windowed aggregate: say where its results go and what they look like.</summary>
/// <typeparam name="T">The input type.</typeparam>
/// <typeparam name="TAcc">The accumulator.</typeparam>
/// <typeparam name="TResult">The aggregate's result.</typeparam>
public sealed class AggregatedStage<T, TAcc, TResult>
{
    private readonly JobSpec<T> _spec;
    private readonly JobWindow _window;
    private readonly IWindowAggregate<T, TAcc, TResult> _aggregate;
    private Func<WindowEmission<string, TResult>, string>? _resultKey;

    internal AggregatedStage(JobSpec<T> spec, JobWindow window, IWindowAggregate<T, TAcc, TResult> aggregate)
    {
        _spec = spec;
        _window = window;
        _aggregate = aggregate;
    }

    /// <summary>The Kafka key of a result (default <c>key|window_start</c>, the session's first event for sessions); the same for every revision.</summary>
    public AggregatedStage<T, TAcc, TResult> ResultKey(Func<WindowEmission<string, TResult>, string> key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _resultKey = key;
        return this;
    }

    /// <summary>
    /// Results go to <paramref name="topic"/> as JSON objects: <paramref name="write"/> writes the fields, the pipeline
    /// adds <c>revision</c> (0 for the first emission of a window, one more for each late update).
    /// </summary>
    public JobDefinition ToTopic(string topic, Action<Utf8JsonWriter, WindowEmission<string, TResult>> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(write);
        return new JobDefinition(new WindowedJobRuntime<T, TAcc, TResult>(_spec, _window, _aggregate, topic, write, _resultKey));
    }

    /// <summary>Results go to <paramref name="topic"/> as <typeparamref name="TRecord"/> written with System.Text.Json, plus <c>revision</c>.</summary>
    public JobDefinition ToTopic<TRecord>(string topic, Func<WindowEmission<string, TResult>, TRecord> map, JsonTypeInfo<TRecord> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return ToTopic(topic, (json, emission) => ResultFields.Write(json, map(emission), typeInfo));
    }
}

using System.Text.Json;
using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Jobs;

/// <summary>A keyed input with one running aggregate per key (no window).</summary>
/// <typeparam name="T">The input type.</typeparam>
public sealed class ContinuousStage<T>
{
    private readonly JobSpec<T> _spec;

    internal ContinuousStage(JobSpec<T> spec) => _spec = spec;

    /// <summary>The running aggregate; see <see cref="WindowedStage{T}.Aggregate{TAcc, TResult}"/> for what it must do.</summary>
    public ContinuousAggregateStage<T, TAcc, TResult> Aggregate<TAcc, TResult>(IWindowAggregate<T, TAcc, TResult> aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        return new ContinuousAggregateStage<T, TAcc, TResult>(_spec, aggregate);
    }
}

/// <summary>A running aggregate per key: say where it goes.</summary>
/// <typeparam name="T">The input type.</typeparam>
/// <typeparam name="TAcc">The accumulator.</typeparam>
/// <typeparam name="TResult">The aggregate's result.</typeparam>
public sealed class ContinuousAggregateStage<T, TAcc, TResult>
{
    private readonly JobSpec<T> _spec;
    private readonly IWindowAggregate<T, TAcc, TResult> _aggregate;

    internal ContinuousAggregateStage(JobSpec<T> spec, IWindowAggregate<T, TAcc, TResult> aggregate)
    {
        _spec = spec;
        _aggregate = aggregate;
    }

    /// <summary>Each change goes to <paramref name="topic"/> under the key, once the watermark moved past it; <paramref name="write"/> writes the fields.</summary>
    public JobDefinition ToTopic(string topic, Action<Utf8JsonWriter, ContinuousEmission<TResult>> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(write);
        return new JobDefinition(new ContinuousJobRuntime<T, TAcc, TResult>(_spec, _aggregate, topic, write));
    }
}

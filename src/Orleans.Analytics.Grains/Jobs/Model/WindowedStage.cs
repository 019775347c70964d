using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Jobs;

/// <summary>A keyed, windowed input: say its aggregate.</summary>
/// <typeparam name="T">The input type.</typeparam>
public sealed class WindowedStage<T>
{
    private readonly JobSpec<T> _spec;
    private readonly JobWindow _window;

    internal WindowedStage(JobSpec<T> spec, JobWindow window)
    {
        _spec = spec;
        _window = window;
    }

    /// <summary>Late records within <paramref name="lateness"/> of a window's end still update it (default <c>Processing:AllowedLateness</c>).</summary>
    public WindowedStage<T> AllowedLateness(TimeSpan lateness)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lateness, TimeSpan.Zero);
        _spec.AllowedLateness = lateness;
        return this;
    }

    /// <summary>
    /// Aggregates each window's inputs with <paramref name="aggregate"/>. Its <c>Merge</c> must give the same result as
    /// adding the inputs one by one: readers pre-aggregate each mini-batch and key grains merge the partials. The
    /// accumulator is kept as JSON (System.Text.Json), so give it public settable properties.
    /// </summary>
    public AggregatedStage<T, TAcc, TResult> Aggregate<TAcc, TResult>(IWindowAggregate<T, TAcc, TResult> aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        return new AggregatedStage<T, TAcc, TResult>(_spec, _window, aggregate);
    }
}

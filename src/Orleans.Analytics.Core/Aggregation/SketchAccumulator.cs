namespace Orleans.Analytics.Core.Aggregation;

/// <summary>
/// A <see cref="PercentileSketch"/> as a window accumulator: the live sketch while a window is updated, its
/// <see cref="PercentileSketchState"/> when the state is saved as JSON and loaded again.
/// </summary>
public sealed class SketchAccumulator
{
    private PercentileSketch? _live;
    private PercentileSketchState? _saved;

    /// <summary>The persisted form (read when the state is saved, written when it is loaded); null while empty.</summary>
    public PercentileSketchState? Sketch
    {
        get => _live?.ToState() ?? _saved;
        set
        {
            _saved = value;
            _live = null;
        }
    }

    /// <summary>The live sketch, made from the persisted form or new with <paramref name="relativeAccuracy"/>.</summary>
    /// <param name="relativeAccuracy">α of a new sketch (a loaded one keeps its own).</param>
    /// <returns>The sketch to add to, merge into or read.</returns>
    public PercentileSketch Live(double relativeAccuracy = PercentileSketch.DefaultRelativeAccuracy) =>
        _live ??= _saved is { } saved ? PercentileSketch.FromState(saved) : new PercentileSketch(relativeAccuracy);
}

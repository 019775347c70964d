namespace Orleans.Analytics.Core.Windows;

/// <summary>
/// An incremental, mergeable aggregation over the records of one window, in the shape of Flink's
/// <c>AggregateFunction</c>.
/// </summary>
/// <typeparam name="TInput">The value each record contributes.</typeparam>
/// <typeparam name="TAccumulator">The running state; it may be mutable, in which case methods may update it in place and return it.</typeparam>
/// <typeparam name="TResult">What an emission carries.</typeparam>
public interface IWindowAggregate<in TInput, TAccumulator, out TResult>
{
    /// <summary>A new, empty accumulator.</summary>
    /// <returns>The accumulator for a window with no records.</returns>
    TAccumulator CreateAccumulator();

    /// <summary>Adds one record.</summary>
    /// <param name="accumulator">The window's accumulator.</param>
    /// <param name="input">The record's value.</param>
    /// <returns>The updated accumulator (possibly the same instance).</returns>
    TAccumulator Add(TAccumulator accumulator, TInput input);

    /// <summary>Combines two accumulators, used when sessions merge and for mini-batch pre-aggregation.</summary>
    /// <param name="target">The accumulator to merge into; it may be updated in place.</param>
    /// <param name="other">The accumulator merged in; not used by the caller afterwards.</param>
    /// <returns>The combined accumulator (possibly <paramref name="target"/>).</returns>
    TAccumulator Merge(TAccumulator target, TAccumulator other);

    /// <summary>The result for the records added so far; must not change the accumulator.</summary>
    /// <param name="accumulator">The window's accumulator.</param>
    /// <returns>The result to emit.</returns>
    TResult GetResult(TAccumulator accumulator);
}

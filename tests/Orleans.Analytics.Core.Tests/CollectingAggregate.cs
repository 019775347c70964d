using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Tests;

/// <summary>Keeps every record id of a window, so tests can compare exact window contents.</summary>
internal sealed class CollectingAggregate : IWindowAggregate<int, List<int>, string>
{
    public static CollectingAggregate Instance { get; } = new();

    public List<int> CreateAccumulator() => [];

    public List<int> Add(List<int> accumulator, int input)
    {
        accumulator.Add(input);
        return accumulator;
    }

    public List<int> Merge(List<int> target, List<int> other)
    {
        target.AddRange(other);
        return target;
    }

    /// <summary>The ids in ascending order, comma-separated: an order-independent description of the contents.</summary>
    public string GetResult(List<int> accumulator)
    {
        var copy = accumulator.ToArray();
        Array.Sort(copy);
        return string.Join(',', copy);
    }
}

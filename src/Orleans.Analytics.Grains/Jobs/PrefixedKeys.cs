using System.Collections.Concurrent;

namespace Orleans.Analytics.Jobs;

/// <summary>
/// Grouping keys made of a prefix and a value (<c>page:/cart</c>), one shared string per value: a job that keys
/// every event this way allocates nothing per event. Past <paramref name="capacity"/> distinct values (a key of high
/// cardinality) new keys are made per call and not kept.
/// </summary>
/// <param name="prefix">The text before each value.</param>
/// <param name="capacity">How many distinct values to keep keys for.</param>
public sealed class PrefixedKeys(string prefix, int capacity = 10_000)
{
    private readonly ConcurrentDictionary<string, string> _keys = new(StringComparer.Ordinal);

    /// <summary>The key for <paramref name="value"/>: <c>prefix + value</c>.</summary>
    public string For(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_keys.TryGetValue(value, out var key))
        {
            return key;
        }

        key = prefix + value;
        return _keys.Count < capacity ? _keys.GetOrAdd(value, key) : key;
    }
}

namespace Orleans.Analytics.Jobs;

/// <summary>
/// A reader's grain keys of one job: <c>job|key</c>, or <c>job|partition:N</c> for a co-partitioned job, one shared
/// string each, so that routing an input allocates nothing. Past <see cref="Capacity"/> distinct keys (a grouping key
/// of high cardinality) new ones are made per call and not kept.
/// </summary>
internal sealed class GrainKeys(string job, bool coPartitioned)
{
    /// <summary>How many distinct grouping keys a reader keeps grain keys for.</summary>
    public const int Capacity = 100_000;

    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
    private string? _partitionKey;
    private int _partition = -1;

    /// <summary>The grain key for grouping key <paramref name="key"/> of a record of <paramref name="partition"/>.</summary>
    public string For(string key, int partition)
    {
        if (coPartitioned)
        {
            if (partition != _partition || _partitionKey is null)
            {
                _partition = partition;
                _partitionKey = JobRuntime.GrainKey(job, JobRuntime.PartitionKey(partition));
            }

            return _partitionKey;
        }

        if (_keys.TryGetValue(key, out var grainKey))
        {
            return grainKey;
        }

        grainKey = JobRuntime.GrainKey(job, key);
        if (_keys.Count < Capacity)
        {
            _keys[key] = grainKey;
        }

        return grainKey;
    }
}

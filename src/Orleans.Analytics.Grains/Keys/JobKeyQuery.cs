namespace Orleans.Analytics.Keys;

/// <summary>
/// A live query of one job's key (Kafka Streams' interactive queries): asks the key grains the
/// <see cref="JobKeyResolver"/> names, most likely first, and returns the answer of the one holding the key.
/// </summary>
internal sealed class JobKeyQuery(JobKeyResolver resolver, IGrainFactory grains)
{
    /// <summary>The key's state, or null with the address's problem when the job is unknown or keeps no state.</summary>
    public async Task<(JobKeyAddress Address, JobKeyQueryResult? Result)> QueryAsync(string job, string key, CancellationToken cancellationToken)
    {
        var address = resolver.Resolve(job, key);
        if (!address.Found)
        {
            return (address, null);
        }

        var first = await Ask(address.GrainKeys[0]).WaitAsync(cancellationToken);
        if (first.Windows.Count > 0 || address.GrainKeys.Count == 1)
        {
            return (address, first);
        }

        // Co-partitioned, and not where the Java client's partitioner would have put it: the key's records were
        // partitioned otherwise (librdkafka's default), so the partition grain holding it is one of the others.
        var others = await Task.WhenAll(address.GrainKeys.Skip(1).Select(Ask)).WaitAsync(cancellationToken);
        return (address, others.FirstOrDefault(r => r.Windows.Count > 0) ?? first);

        Task<JobKeyQueryResult> Ask(string grainKey) => grains.GetGrain<IJobKeyGrain>(grainKey).QueryAsync(key);
    }
}

using System.Text;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Keys;

/// <summary>
/// Finds the key grains that may hold a job's key, as the partition readers route to them: <c>job|key</c>, or for a
/// co-partitioned job (the key is the Kafka key) <c>job|partition:N</c>. N is first the partition Kafka's default
/// partitioner picks (murmur2 of the key, as the Java client and Kafka Streams compute it); librdkafka's clients
/// default to another partitioner (CRC32), so the other partitions follow.
/// </summary>
internal sealed class JobKeyResolver(JobCatalog catalog, KafkaTopicPartitions partitions)
{
    public JobKeyAddress Resolve(string job, string key)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(key);
        if (!catalog.TryGet(job, out var runtime))
        {
            var known = string.Join(", ", catalog.Jobs.Where(j => j.Processor is null).Select(j => j.Name).Order(StringComparer.Ordinal));
            return new JobKeyAddress(job, key, [], string.Empty, false, JobKeyProblem.UnknownJob, $"No job is named '{job}'; the jobs with state per key are: {known}.");
        }

        if (runtime.Processor is not null)
        {
            return new JobKeyAddress(job, key, [], runtime.Shape, false, JobKeyProblem.Stateless, $"Job '{job}' is stateless: it keeps no state per key to query.");
        }

        if (!runtime.CoPartitioned)
        {
            return new JobKeyAddress(job, key, [JobRuntime.GrainKey(job, key)], runtime.Shape, runtime.Sessions, JobKeyProblem.None, null);
        }

        if (partitions.For(runtime.SourceTopic) is not { } count || count <= 0)
        {
            return new JobKeyAddress(job, key, [], runtime.Shape, runtime.Sessions, JobKeyProblem.NotReady, $"The partitions of '{runtime.SourceTopic}' are not known yet (the silo is starting); ask again in a moment.");
        }

        var first = PartitionOf(key, count);
        var grains = new List<string>(count) { JobRuntime.GrainKey(job, JobRuntime.PartitionKey(first)) };
        for (var partition = 0; partition < count; partition++)
        {
            if (partition != first)
            {
                grains.Add(JobRuntime.GrainKey(job, JobRuntime.PartitionKey(partition)));
            }
        }

        return new JobKeyAddress(job, key, grains, runtime.Shape, runtime.Sessions, JobKeyProblem.None, null);
    }

    /// <summary>The partition Kafka's default partitioner (the Java client's) puts <paramref name="key"/> in.</summary>
    internal static int PartitionOf(string key, int partitionCount) =>
        (int)((uint)(KafkaQueueMapper.Murmur2(Encoding.UTF8.GetBytes(key)) & 0x7fffffff) % (uint)partitionCount);
}

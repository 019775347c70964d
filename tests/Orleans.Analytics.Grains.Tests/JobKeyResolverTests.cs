using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Keys;

namespace Orleans.Analytics.Grains.Tests;

/// <summary>From a job and a key to the key grains a live query asks, as the partition readers route.</summary>
public sealed class JobKeyResolverTests
{
    private static JobKeyResolver Resolver(int partitions)
    {
        var topics = new AnalyticsTopics();
        var catalog = new JobCatalog(
            AnalyticsJobs(),
            JobDefaults.From(new ProcessingOptions(), topics));
        var counts = new KafkaTopicPartitions();
        counts.Set(topics.Events, partitions);
        return new JobKeyResolver(catalog, counts);
    }

    [Fact]
    public void A_keyed_job_asks_the_grain_of_the_key()
    {
        var address = Resolver(4).Resolve("event-aggregator", "click");

        address.Found.ShouldBeTrue();
        address.GrainKeys.ShouldBe(["event-aggregator|click"]);
        address.Sessions.ShouldBeFalse();
    }

    [Fact]
    public void A_co_partitioned_job_asks_the_partition_the_Java_client_would_pick_first_then_the_others()
    {
        var address = Resolver(4).Resolve("session-tracker", "foobar");

        // Java: toPositive(murmur2("foobar")) % 4.
        var expected = (-790332482 & 0x7fffffff) % 4;
        address.GrainKeys[0].ShouldBe($"session-tracker|partition:{expected}");
        address.GrainKeys.Order().ShouldBe(Enumerable.Range(0, 4).Select(p => $"session-tracker|partition:{p}").Order());
        address.Sessions.ShouldBeTrue();
    }

    [Fact]
    public void An_unknown_job_is_named_with_the_jobs_that_can_be_queried()
    {
        var address = Resolver(4).Resolve("no-such-job", "click");

        address.Problem.ShouldBe(JobKeyProblem.UnknownJob);
        address.GrainKeys.ShouldBeEmpty();
        address.Message.ShouldBe("No job is named 'no-such-job'; the jobs with state per key are: event-aggregator, performance-tracker, processing-metrics, session-tracker.");
    }

    /// <summary>The four analytics jobs, under the names they give themselves.</summary>
    private static IEnumerable<(string Name, IStreamJob Job)> AnalyticsJobs()
    {
        var processing = new ProcessingOptions();
        var topics = new AnalyticsTopics();
        yield return ("event-aggregator", new Jobs.Analytics.EventAggregatorJob(processing, topics));
        yield return ("session-tracker", new Jobs.Analytics.SessionTrackerJob(processing, topics));
        yield return ("performance-tracker", new Jobs.Analytics.PerformanceTrackerJob(processing, topics));
        yield return ("processing-metrics", new Jobs.Analytics.ProcessingMetricsJob(topics));
    }
}

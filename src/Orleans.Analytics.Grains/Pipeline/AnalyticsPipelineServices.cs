using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Pipeline;

/// <summary>Registers the analytics jobs and what their grains need, and the source topic they read.</summary>
public static class AnalyticsPipelineServices
{
    /// <summary>Adds the standard jobs (and <paramref name="extraJobs"/>) with their settings.</summary>
    public static IServiceCollection AddAnalyticsJobs(this IServiceCollection services, ProcessingOptions processing, AnalyticsTopics topics, params IAnalyticsJob[] extraJobs)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(Options.Create(processing));
        services.AddSingleton(Options.Create(topics));
        services.AddSingleton(AnalyticsJobCatalog.Create(processing, topics, extraJobs));
        services.AddSingleton<WatermarkView>();
        services.TryAddSingleton<JobActivity>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<WatermarkView>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// Makes the silo report its share of the pipeline (the partitions it reads, its jobs' activity) to the pipeline
    /// status grain, which the status API reads.
    /// </summary>
    public static IServiceCollection AddPipelineStatus(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<JobActivity>();
        services.TryAddSingleton<KafkaReaderStatus>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PipelineStatusReporter>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<PipelineStatusReporter>());
        return services;
    }

    /// <summary>Reads <paramref name="topics"/>' events topic for the jobs and creates their sink topics if missing.</summary>
    public static void AddAnalyticsTopics(KafkaStreamOptions options, ProcessingOptions processing, AnalyticsTopics topics, AnalyticsJobCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(processing);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(catalog);
        options.Topics.Add(new KafkaSourceTopic
        {
            Name = topics.Events,
            StreamNamespace = AnalyticsStreams.Events,
            KeySource = StreamKeySource.Partition,
            // The reader parses every record anyway and dead-letters what does not parse; checking twice costs a pass.
            Format = RecordFormat.Raw,
        });
        options.MaxEventsPerDelivery = processing.MiniBatch.Enabled ? processing.MiniBatch.Size : 16;
        foreach (var topic in catalog.Jobs.Select(j => j.SinkTopic).Append(topics.LateEvents).Distinct(StringComparer.Ordinal))
        {
            options.SinkTopics.Add(topic);
        }
    }
}

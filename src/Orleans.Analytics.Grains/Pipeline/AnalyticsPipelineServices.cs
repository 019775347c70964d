using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Analytics.Clock;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Keys;
using Orleans.Analytics.Reading;
using Orleans.Serialization;

namespace Orleans.Analytics.Pipeline;

/// <summary>Registers the stream jobs and what runs them: the catalog, the topic clocks' views, the silo-loss watcher.</summary>
public static class AnalyticsPipelineServices
{
    /// <summary>How long a partition that read everything and got nothing new waits before it checkpoints anyway.</summary>
    public static readonly TimeSpan CheckpointQuietPeriod = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Adds the jobs <paramref name="configure"/> registers (<c>jobs.AddAnalyticsJobs()</c>, <c>jobs.Add&lt;MyJob, MyOptions&gt;("Jobs:Mine")</c>),
    /// with <c>Processing:*</c> and <c>Kafka:Topics:*</c> bound from configuration.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="configure">Registers the jobs.</param>
    /// <param name="validateProcessing">Whether <c>Processing:*</c> is checked at start here (false where the host checks it with the rest of its configuration).</param>
    public static IServiceCollection AddStreamJobs(this IServiceCollection services, Action<StreamJobRegistry> configure, bool validateProcessing = true)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var registry = new StreamJobRegistry(services);
        configure(registry);
        services.AddSingleton(registry);
        var processing = services.AddOptions<ProcessingOptions>().BindConfiguration(ProcessingOptions.Section);
        if (validateProcessing)
        {
            processing.ValidateOnStart();
            services.AddSingleton<IValidateOptions<ProcessingOptions>, ProcessingOptionsValidator>();
        }
        services.AddOptions<AnalyticsTopics>().BindConfiguration("Kafka:Topics");
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<AnalyticsTopics>>().Value);
        var serialized = new JobSerializedTypes();
        services.AddSingleton(serialized);
        services.AddSingleton(sp =>
        {
            var catalog = ActivatorUtilities.CreateInstance<JobCatalog>(sp);
            serialized.AddRange(catalog.SerializedTypes);
            sp.GetRequiredService<JobActivity>().SetSources(catalog.Jobs.Select(j => (j.Name, j.SourceTopic)));
            return catalog;
        });
        services.AddSerializer(serializer => serializer.AddJsonSerializer(isSupported: serialized.Contains));
        services.AddSingleton<WatermarkView>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<WatermarkView>());
        services.AddSingleton<SiloLossWatcher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloLossWatcher>());
        services.AddPipelineInstruments();
        services.TryAddSingleton<KafkaTopicPartitions>();
        services.AddSingleton<JobKeyResolver>();
        services.AddSingleton<JobKeyQuery>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// The one place the jobs' topics reach the Kafka provider's options: every source topic is read once per
    /// partition by a <see cref="TopicReader"/> with checkpoints every <c>Processing:CheckpointInterval</c>, and every
    /// sink topic (with <c>late_events</c> and <c>dead_letters</c>) is created if missing.
    /// </summary>
    public static OptionsBuilder<KafkaStreamOptions> WithJobTopics(this OptionsBuilder<KafkaStreamOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.PostConfigure<IServiceProvider>(AddJobTopics);
    }

    /// <summary>Adds the jobs' topics (from the jobs <see cref="AddStreamJobs"/> registered in <paramref name="services"/>) to <paramref name="options"/>.</summary>
    public static void AddJobTopics(KafkaStreamOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddJobTopics(
            options,
            services.GetRequiredService<JobCatalog>(),
            services.GetRequiredService<IOptions<ProcessingOptions>>().Value,
            services.GetRequiredService<IOptions<AnalyticsTopics>>().Value);
    }

    internal static void AddJobTopics(KafkaStreamOptions options, JobCatalog catalog, ProcessingOptions processing, AnalyticsTopics topics)
    {
        var reader = new TopicReaderFactory();
        foreach (var (topic, jobs) in catalog.ByTopic)
        {
            if (options.Topics.Any(t => t.Name == topic))
            {
                continue;
            }

            options.Topics.Add(new KafkaSourceTopic
            {
                Name = topic,
                StreamNamespace = "source:" + topic,
                Processor = reader,
                ConsumerGroup = jobs.Select(j => j.ConsumerGroup).FirstOrDefault(g => g is not null),
                Checkpoints = new KafkaCheckpointOptions { Interval = processing.CheckpointInterval, QuietPeriod = CheckpointQuietPeriod },
            });
        }

        foreach (var sink in catalog.Jobs.SelectMany(j => j.SinkTopics).Distinct(StringComparer.Ordinal))
        {
            if (!options.SinkTopics.Contains(sink))
            {
                options.SinkTopics.Add(sink);
            }
        }
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
}

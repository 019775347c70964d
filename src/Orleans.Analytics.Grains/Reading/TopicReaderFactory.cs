using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Pipeline;

namespace Orleans.Analytics.Reading;

/// <summary>Makes the <see cref="TopicReader"/> of each partition of a topic the jobs read.</summary>
internal sealed class TopicReaderFactory : IKafkaPartitionProcessorFactory
{
    public IKafkaPartitionProcessor Create(IServiceProvider services, KafkaSourceTopic topic, int partition)
    {
        var catalog = services.GetRequiredService<JobCatalog>();
        return new TopicReader(
            topic.Name,
            partition,
            catalog.ByTopic.TryGetValue(topic.Name, out var jobs) ? jobs : [],
            services.GetRequiredService<IOptions<ProcessingOptions>>().Value,
            services.GetRequiredService<IOptions<AnalyticsTopics>>().Value,
            services.GetRequiredService<IGrainFactory>(),
            services.GetRequiredService<IKafkaSink>(),
            services.GetRequiredService<JobActivity>(),
            services.GetRequiredService<PipelineInstruments>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILoggerFactory>().CreateLogger<TopicReader>());
    }
}

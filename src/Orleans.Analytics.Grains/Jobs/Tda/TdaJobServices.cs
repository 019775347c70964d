using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Pipeline;

namespace Orleans.Analytics.Jobs.Tda;

/// <summary>Registers the streaming TDA job (seed 004) and the topics it reads and writes.</summary>
public static class TdaJobServices
{
    /// <summary>Adds the job's settings; the <c>PointCloudGrain</c> subscribes itself to the TDA stream namespaces.</summary>
    /// <exception cref="OptionsValidationException"><paramref name="options"/> has bad values; the message lists each with its key.</exception>
    public static IServiceCollection AddTdaJob(this IServiceCollection services, TdaOptions options, TdaTopics topics)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(topics);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(TdaOptions.Section, typeof(TdaOptions), problems);
        }

        services.AddSingleton(Options.Create(options));
        services.AddSingleton(Options.Create(topics));
        services.TryAddSingleton(TimeProvider.System);
        services.AddPipelineInstruments();
        return services;
    }

    /// <summary>
    /// Reads <see cref="TdaTopics.Events"/> and <see cref="TdaTopics.Jobs"/> into the job's streams (keyed by the
    /// record key, or by the value's <c>stream_id</c> when the key is null) and creates its sink topics if missing.
    /// </summary>
    public static void AddTdaTopics(KafkaStreamOptions options, TdaTopics topics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(topics);
        options.Topics.Add(Source(topics.Events, TdaStreams.Events));
        options.Topics.Add(Source(topics.Jobs, TdaStreams.Jobs));
        foreach (var topic in new[] { topics.Results, topics.Monitoring, topics.DeadLetters })
        {
            if (!options.SinkTopics.Contains(topic, StringComparer.Ordinal) && !string.Equals(topic, options.DeadLetterTopic, StringComparison.Ordinal))
            {
                options.SinkTopics.Add(topic);
            }
        }
    }

    private static KafkaSourceTopic Source(string name, string streamNamespace) => new()
    {
        Name = name,
        StreamNamespace = streamNamespace,
        KeySource = StreamKeySource.RecordKey,
        Format = RecordFormat.Json,
        Mapper = new TdaRecordMapper(streamNamespace),
    };
}

using Microsoft.Extensions.Options;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Jobs.Tda;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Pipeline;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// The one place where the jobs tell the Kafka provider what they read and write: after the provider's options are
/// bound from the <c>Kafka</c> section, each enabled job adds its source topics (with how their records become
/// stream events) and its sink topics (created at start when missing).
/// </summary>
internal static class JobTopics
{
    /// <summary>Registers the jobs <paramref name="settings"/> enables, each with one line (see <see cref="StandardJobs"/>); <c>Processing:*</c> is checked by <see cref="SiloSettings"/>.</summary>
    public static void AddJobs(IServiceCollection services, SiloSettings settings) =>
        services.AddStreamJobs(jobs => AddEnabledJobs(jobs, settings), validateProcessing: false);

    private static void AddEnabledJobs(StreamJobRegistry jobs, SiloSettings settings)
    {
        if (settings.AnalyticsEnabled)
        {
            jobs.AddAnalyticsJobs();
        }

        if (settings.EventProcessor.Enabled)
        {
            jobs.AddEventProcessor();
        }
    }

    /// <summary>Adds the enabled jobs' topics to the options of the provider <paramref name="provider"/>, once they are bound.</summary>
    public static void AddToProvider(IServiceCollection services, string provider, SiloSettings settings) =>
        services.AddOptions<KafkaStreamOptions>(provider).PostConfigure<IServiceProvider>((options, jobServices) => Add(options, settings, jobServices));

    /// <summary>Adds the source and sink topics of every job <paramref name="settings"/> enables to <paramref name="options"/>.</summary>
    public static void Add(KafkaStreamOptions options, SiloSettings settings, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(services);
        AnalyticsPipelineServices.AddJobTopics(options, services);
        if (settings.TdaEnabled)
        {
            TdaJobServices.AddTdaTopics(options, settings.TdaTopics);
        }

        // A name that is not a topic name was reported by the silo under its own key (Jobs:EventProcessor:InputTopic,
        // Kafka:Topics:Events, ...), and start-up stops there; handing it on would only have the provider report it
        // again, under a key the silo does not have.
        RemoveAll(options.Topics, t => !KafkaTopicNames.IsValid(t.Name));
        RemoveAll(options.SinkTopics, t => !KafkaTopicNames.IsValid(t));
    }

    private static void RemoveAll<T>(IList<T> list, Func<T, bool> predicate)
    {
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (predicate(list[i]))
            {
                list.RemoveAt(i);
            }
        }
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Pipeline;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.Analytics.TestInfrastructure;

/// <summary>
/// A test silo running the analytics jobs over the embedded Kafka, configured from the cluster's properties
/// (<c>Kafka:*</c> and <c>Processing:*</c> as in the silo), with storage and reminders that survive a killed silo.
/// </summary>
public sealed class AnalyticsTestSiloConfigurator : ISiloConfigurator
{
    /// <summary>Jobs added beside the standard ones (set before the cluster starts).</summary>
    public static Action<StreamJobRegistry>? ExtraJobs { get; set; }

    public void Configure(ISiloBuilder siloBuilder)
    {
        var configuration = siloBuilder.Configuration;
        var topics = new AnalyticsTopics();
        configuration.GetSection("Kafka:Topics").Bind(topics);
        var extra = ExtraJobs;

        KafkaTestSiloConfigurator.FastFailureDetection(siloBuilder.Services);
        siloBuilder.Services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>("Default", (sp, _) => new SharedGrainStorage(sp.GetRequiredService<Orleans.Serialization.DeepCopier>()));
        siloBuilder.Services.AddSingleton(sp => sp.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>("Default"));
        siloBuilder.AddReminders();
        siloBuilder.Services.AddSingleton<IReminderTable, SharedReminderTable>();
        siloBuilder.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        siloBuilder.Services.AddStreamJobs(jobs =>
        {
            jobs.AddAnalyticsJobs();
            extra?.Invoke(jobs);
        });
        siloBuilder.AddKafkaStreams(TestStreams.Provider, configurator => configurator.ConfigureKafka(options => options
            .Configure(o =>
            {
                o.BootstrapServers = configuration["Kafka:BootstrapServers"]!;
                o.ConsumerGroup = configuration["Kafka:ConsumerGroup"]!;
                o.DeadLetterTopic = topics.DeadLetters;
                o.CommitInterval = TimeSpan.FromMilliseconds(200);
            })
            .WithJobTopics()));
    }
}

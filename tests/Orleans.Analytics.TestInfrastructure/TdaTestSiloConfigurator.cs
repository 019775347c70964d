using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Analytics.Jobs.Tda;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.Analytics.TestInfrastructure;

/// <summary>
/// A test silo running the streaming TDA job over the embedded Kafka, configured from the cluster's properties
/// (<c>Kafka:*</c>, <c>Tda:*</c> and the topic names under <c>Tda:Topics</c>), with storage that survives a killed silo.
/// </summary>
public sealed class TdaTestSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var configuration = siloBuilder.Configuration;
        var options = new TdaOptions();
        configuration.GetSection(TdaOptions.Section).Bind(options);
        var topics = new TdaTopics();
        configuration.GetSection(TdaTopics.Section).Bind(topics);

        KafkaTestSiloConfigurator.FastFailureDetection(siloBuilder.Services);
        siloBuilder.Services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>("Default", (sp, _) => new SharedGrainStorage(sp.GetRequiredService<Orleans.Serialization.DeepCopier>()));
        siloBuilder.Services.AddSingleton(sp => sp.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>("Default"));
        siloBuilder.AddReminders();
        siloBuilder.Services.AddSingleton<IReminderTable, SharedReminderTable>();
        siloBuilder.Services.AddTdaJob(options, topics);
        siloBuilder.AddKafkaStreams(TestStreams.Provider, kafka =>
        {
            kafka.BootstrapServers = configuration["Kafka:BootstrapServers"]!;
            kafka.ConsumerGroup = configuration["Kafka:ConsumerGroup"]!;
            kafka.DeadLetterTopic = topics.DeadLetters;
            kafka.CommitInterval = TimeSpan.FromMilliseconds(200);
            TdaJobServices.AddTdaTopics(kafka, topics);
        });
    }
}

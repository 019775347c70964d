using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Analytics.Kafka;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.Analytics.TestInfrastructure;

/// <summary>
/// A test silo reading one Kafka topic into the <see cref="TestStreams.Records"/> namespace, with durable shared
/// storage and fast failure detection so a killed silo's partitions move within seconds. With
/// <c>Test:OrleansDefaultMembership=true</c> it keeps Orleans' own membership and pulling-agent settings instead, for
/// the twins of the tests that shorten them.
/// </summary>
public sealed class KafkaTestSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var configuration = siloBuilder.Configuration;
        var orleansDefaults = string.Equals(configuration["Test:OrleansDefaultMembership"], "true", StringComparison.OrdinalIgnoreCase);
        if (!orleansDefaults)
        {
            FastFailureDetection(siloBuilder.Services);
        }

        SharedGrainStorage.Register(siloBuilder.Services);
        siloBuilder.AddKafkaStreams(TestStreams.Provider, options =>
        {
            options.BootstrapServers = configuration["Kafka:BootstrapServers"]!;
            options.ConsumerGroup = configuration["Kafka:ConsumerGroup"]!;
            options.DeadLetterTopic = configuration["Kafka:DeadLetterTopic"]!;
            options.CommitInterval = TimeSpan.FromMilliseconds(200);
            options.PartitionBufferSize = int.TryParse(configuration["Test:PartitionBufferSize"], out var buffer) ? buffer : options.PartitionBufferSize;
            options.CacheSize = int.TryParse(configuration["Test:CacheSize"], out var cache) ? cache : options.CacheSize;
            options.MaxEventsPerDelivery = int.TryParse(configuration["Test:MaxEventsPerDelivery"], out var perDelivery) ? perDelivery : options.MaxEventsPerDelivery;
            if (TimeSpan.TryParse(configuration["Test:MetadataRefreshInterval"], System.Globalization.CultureInfo.InvariantCulture, out var refresh))
            {
                options.MetadataRefreshInterval = refresh;
            }

            if (Enum.TryParse<KafkaStartupMode>(configuration["Test:StartupMode"], out var startupMode))
            {
                options.StartupMode = startupMode;
            }

            if (configuration["Test:MaxPartitionFetchBytes"] is { } fetch)
            {
                options.ClientProperties["max.partition.fetch.bytes"] = fetch;
            }

            options.Topics.Add(new KafkaSourceTopic { Name = configuration["Test:Topic"]!, StreamNamespace = TestStreams.Records });
        });
        if (!orleansDefaults)
        {
            // A poison batch is given up on (and dead-lettered) in seconds rather than Orleans' minute.
            siloBuilder.ConfigureServices(services => services.Configure<StreamPullingAgentOptions>(TestStreams.Provider, o => o.MaxEventDeliveryTime = TimeSpan.FromSeconds(2)));
        }
    }

    /// <summary>Membership settings that declare a killed silo dead in a few seconds.</summary>
    public static void FastFailureDetection(IServiceCollection services) =>
        services.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
        });
}

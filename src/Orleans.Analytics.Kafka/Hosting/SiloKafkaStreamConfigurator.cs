using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Orleans.Analytics.Kafka;

/// <summary>Configures a Kafka stream provider on a silo.</summary>
public sealed class SiloKafkaStreamConfigurator : SiloPersistentStreamConfigurator
{
    /// <summary>Creates the configurator of provider <paramref name="name"/>.</summary>
    public SiloKafkaStreamConfigurator(string name, Action<Action<IServiceCollection>> configureServicesDelegate)
        : base(name, configureServicesDelegate, KafkaQueueAdapterFactory.Create)
    {
        ConfigureDelegate(services =>
        {
            services.AddOptions<KafkaStreamOptions>(name).ValidateOnStart();
            services.AddSingleton<IValidateOptions<KafkaStreamOptions>>(new KafkaStreamOptionsValidator(name, "Kafka"));
            services.AddKeyedSingleton<IKafkaSink>(name, (sp, _) => new KafkaSinkWriter(
                sp.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(name),
                sp.GetRequiredService<ILogger<KafkaSinkWriter>>()));
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<IKafkaSink>(name));
            services.TryAddSingleton<KafkaTopicPartitions>();
            services.TryAddSingleton<KafkaReaderStatus>();
            services.TryAddSingleton<KafkaClientLifetime>();
        });

        // Implicit subscriptions only: jobs subscribe by namespace, and no pub-sub grain state is needed.
        this.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
        this.ConfigurePartitionBalancing((services, _) => ActivatorUtilities.CreateInstance<KafkaQueueBalancer>(services));
        this.ConfigurePullingAgent(options => options.Configure(agent =>
        {
            agent.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(50);
            agent.StreamInactivityPeriod = TimeSpan.FromMinutes(5);
        }));
    }

    /// <summary>Configures the provider's <see cref="KafkaStreamOptions"/>.</summary>
    public SiloKafkaStreamConfigurator ConfigureKafka(Action<OptionsBuilder<KafkaStreamOptions>> configureOptions)
    {
        this.Configure(configureOptions);
        return this;
    }
}

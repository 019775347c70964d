using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Analytics.Kafka.Diagnostics;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Orleans.Analytics.Kafka;

/// <summary>Configures a Kafka stream provider on a silo.</summary>
public sealed class SiloKafkaStreamConfigurator : SiloPersistentStreamConfigurator
{
    private readonly string _name;

    // Where the options' keys live, for the validator's messages; read when the container builds the validator.
    private string _section = KafkaStreamOptions.Section;

    /// <summary>Creates the configurator of provider <paramref name="name"/>.</summary>
    public SiloKafkaStreamConfigurator(string name, Action<Action<IServiceCollection>> configureServicesDelegate)
        : base(name, configureServicesDelegate, KafkaQueueAdapterFactory.Create)
    {
        _name = name;
        ConfigureDelegate(services =>
        {
            services.AddKafkaStreamOptions(name, () => _section);
            services.AddKeyedSingleton<IKafkaSink>(name, (sp, _) => new KafkaSinkWriter(
                sp.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(name),
                sp.GetRequiredService<KafkaInstruments>(),
                sp.GetRequiredService<ILogger<KafkaSinkWriter>>()));
            services.AddAnalyticsMeter();
            services.TryAddSingleton<KafkaInstruments>();
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

    /// <summary>
    /// Binds the provider's <see cref="KafkaStreamOptions"/> from configuration section <paramref name="sectionPath"/>
    /// (default <c>Kafka</c>); bad values stop start-up with one message naming each key under that section.
    /// </summary>
    public SiloKafkaStreamConfigurator BindConfiguration(string sectionPath = KafkaStreamOptions.Section)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionPath);
        _section = sectionPath;
        ConfigureDelegate(services => services.AddOptions<KafkaStreamOptions>(_name).BindConfiguration(sectionPath));
        return this;
    }

    /// <summary>Configures the provider's <see cref="KafkaStreamOptions"/>.</summary>
    public SiloKafkaStreamConfigurator ConfigureKafka(Action<OptionsBuilder<KafkaStreamOptions>> configureOptions)
    {
        this.Configure(configureOptions);
        return this;
    }
}

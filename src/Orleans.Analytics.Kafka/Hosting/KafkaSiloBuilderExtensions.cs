using Orleans.Analytics.Kafka;

// Builder extensions live in the namespace of the type they extend.
namespace Orleans.Hosting;

/// <summary>Adds Kafka stream providers to a silo.</summary>
public static class KafkaSiloBuilderExtensions
{
    /// <summary>
    /// Adds a stream provider named <paramref name="name"/> that reads the configured Kafka topics, one Orleans
    /// queue per partition, and registers the silo's <see cref="IKafkaSink"/> for results.
    /// </summary>
    public static ISiloBuilder AddKafkaStreams(this ISiloBuilder builder, string name, Action<KafkaStreamOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.AddKafkaStreams(name, configurator => configurator.ConfigureKafka(options => options.Configure(configureOptions)));
    }

    /// <summary>Adds a Kafka stream provider and configures it through its configurator.</summary>
    public static ISiloBuilder AddKafkaStreams(this ISiloBuilder builder, string name, Action<SiloKafkaStreamConfigurator>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var configurator = new SiloKafkaStreamConfigurator(name, configureServices => builder.ConfigureServices(configureServices));
        configure?.Invoke(configurator);
        return builder;
    }
}

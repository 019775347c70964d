using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Analytics.Jobs.Tda;
using Orleans.Analytics.Pipeline;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Kafka.Embedded;
using Orleans.Analytics.Silo.Demo;
using OpenTelemetry.Metrics;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>The composition root: configuration, the embedded Kafka when none is configured, the silo and its jobs, and HTTP.</summary>
internal static class AnalyticsSilo
{
    /// <summary>The name of the Kafka stream provider.</summary>
    public const string StreamProvider = "kafka";

    /// <summary>Command-line switches of the seed's event processor, mapped to configuration keys.</summary>
    public static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--kafka-bootstrap-servers"] = "Kafka:BootstrapServers",
        ["--input-topic"] = "Jobs:EventProcessor:InputTopic",
        ["--output-topic"] = "Jobs:EventProcessor:OutputTopic",
        ["--error-topic"] = "Jobs:EventProcessor:ErrorTopic",
        ["--consumer-group"] = "Jobs:EventProcessor:ConsumerGroup",
    };

    /// <summary>
    /// Builds the silo application; <paramref name="configure"/> may add configuration (tests use it). A bad value
    /// anywhere (the silo's keys, the Kafka provider's, librdkafka's client properties) throws one
    /// <see cref="SiloConfigurationException"/> naming every bad key.
    /// </summary>
    public static WebApplication Build(string[] args, Action<ConfigurationManager>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, SwitchMappings);
        configure?.Invoke(builder.Configuration);
        HttpAddresses.UseDefaultWhenUnset(builder);
        SiloLogging.Configure(builder);
        var problems = new List<string>();
        var settings = SiloSettings.Load(builder.Configuration, problems);

        // The TDA job dead-letters where the rest of the silo does (Kafka:Topics:DeadLetters).
        settings.TdaTopics.DeadLetters = settings.Kafka.Topics.DeadLetters;
        if (settings.UsesEmbeddedKafka && !settings.EmbeddedBrokersValid)
        {
            // Without its embedded Kafka the provider has no brokers, and would report that too.
            throw new SiloConfigurationException(problems);
        }

        // Started before the silo is built, even when other keys are bad: its address is Kafka:BootstrapServers,
        // which the provider's options are checked with. It closes again if the silo is not returned.
        var embedded = settings.UsesEmbeddedKafka ? EmbeddedKafkaHost.Start(settings) : null;
        try
        {
            if (embedded is not null)
            {
                builder.Configuration[KafkaStreamOptions.Section + ":BootstrapServers"] = embedded.BootstrapServers;
            }

            problems.AddRange(ProviderProblems(builder.Configuration, settings, siloProblems: problems.Count > 0));
            if (problems.Count > 0)
            {
                throw new SiloConfigurationException(problems);
            }

            if (AdoNetHosting.UsesPostgreSql(settings))
            {
                PostgreSqlSchemaCheck.Verify(settings);
            }

            return Build(builder, settings, embedded);
        }
        catch
        {
            embedded?.Dispose();
            throw;
        }
    }

    private static WebApplication Build(WebApplicationBuilder builder, SiloSettings settings, EmbeddedKafkaCluster? embedded)
    {
        var http = builder.Configuration.GetSection(HttpSettings.Section).Get<HttpSettings>() ?? new HttpSettings();
        if (embedded is not null)
        {
            builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<EmbeddedKafkaHost>(sp, embedded));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<EmbeddedKafkaHost>());
        }

        JobTopics.AddJobs(builder.Services, settings);

        if (settings.TdaEnabled)
        {
            builder.Services.AddTdaJob(settings.Tda, settings.TdaTopics);
        }

        builder.Services.AddSingleton(settings);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(Options.Create(settings.EventProcessor));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter("Orleans.Analytics", "Microsoft.Orleans")
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        builder.Services.AddOperatorAuthentication(http.Auth);
        builder.Services.AddPipelineStatus();
        builder.UseOrleans(silo =>
        {
            // With Orleans:Clustering set, Orleans applies it (see ScalarClusteringProviderBuilder); without, one machine.
            if (!builder.Configuration.GetSection("Orleans:Clustering").Exists())
            {
                silo.UseLocalhostClustering(settings.Orleans.SiloPort, settings.Orleans.GatewayPort, serviceId: settings.Orleans.ServiceId, clusterId: settings.Orleans.ClusterId);
            }

            AdoNetHosting.UseStorage(silo, settings);
            silo.AddKafkaStreams(StreamProvider, kafka => kafka.BindConfiguration(KafkaStreamOptions.Section));

            // The dashboard's live log view would bypass the log redaction; the logs go to the console instead.
            silo.AddDashboard(options => options.HideTrace = true);
        });
        JobTopics.AddToProvider(builder.Services, StreamProvider, settings);

        // Hosted services start in order: these after the silo, whose start checks Kafka first and stops with one
        // message when it cannot use it (instead of every client repeating librdkafka's complaints meanwhile).
        builder.Services.AddSingleton<KafkaHealthProbe>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<KafkaHealthProbe>());
        if (AdoNetHosting.UsesPostgreSql(settings))
        {
            builder.Services.AddSingleton<StorageHealthProbe>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<StorageHealthProbe>());
        }
        if (settings.RunsDemo)
        {
            builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<DemoEventGenerator>(sp, new DemoTopics(settings.Kafka.Topics.Events, settings.TdaEnabled ? settings.TdaTopics.Events : null), settings.Demo.EventsPerSecond));
        }

        var app = builder.Build();
        if (http.Auth.Enabled)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        app.MapHealthEndpoints();
        var metrics = app.MapPrometheusScrapingEndpoint("/metrics");
        if (http.Auth.ProtectMetrics)
        {
            metrics.ForOperators(http.Auth);
        }

        app.MapOrleansDashboard(routePrefix: "/dashboard").ForOperators(http.Auth);
        app.MapPipelineStatus(http.Auth, settings.AnalyticsEnabled ? [settings.Kafka.Topics.Events] : []);
        app.MapJobQueries(http.Auth);
        return app;
    }

    /// <summary>
    /// What is wrong with the provider's options, found before the silo is built so that one message names them
    /// together with the silo's own bad keys: they are registered as the provider registers them (bound from the
    /// Kafka section, the jobs' topics added, the provider's validator), in a container of their own, as the
    /// silo's may not even build with bad keys. At start the provider checks its own options the same way.
    /// </summary>
    private static IEnumerable<string> ProviderProblems(IConfiguration configuration, SiloSettings settings, bool siloProblems)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddKafkaStreamOptions(StreamProvider, () => KafkaStreamOptions.Section).BindConfiguration(KafkaStreamOptions.Section);
        JobTopics.AddJobs(services, settings);
        JobTopics.AddToProvider(services, StreamProvider, settings);
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(StreamProvider);
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures;
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            return [ex.Message];
        }
        catch (Exception) when (siloProblems)
        {
            // The jobs could not even name their topics with the silo's bad keys; those keys say why.
            return [];
        }
    }
}

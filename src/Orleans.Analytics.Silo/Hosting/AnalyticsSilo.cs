using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Jobs.EventProcessing;
using Orleans.Analytics.Jobs.Tda;
using Orleans.Analytics.Pipeline;
using Orleans.Analytics.Kafka;
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

    /// <summary>Builds the silo application; <paramref name="configure"/> may add configuration (tests use it).</summary>
    public static WebApplication Build(string[] args, Action<ConfigurationManager>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, SwitchMappings);
        configure?.Invoke(builder.Configuration);
        SiloLogging.Configure(builder);
        var settings = SiloSettings.Load(builder.Configuration);
        var http = builder.Configuration.GetSection(HttpSettings.Section).Get<HttpSettings>() ?? new HttpSettings();
        if (AdoNetHosting.UsesPostgreSql(settings))
        {
            PostgreSqlSchemaCheck.Verify(settings);
        }

        if (settings.UsesEmbeddedKafka)
        {
            var cluster = EmbeddedKafkaHost.Start(settings);
            builder.Configuration["Kafka:BootstrapServers"] = cluster.BootstrapServers;
            settings.Kafka.BootstrapServers = cluster.BootstrapServers;
            builder.Services.AddSingleton(sp => new EmbeddedKafkaHost(cluster, [.. settings.AllTopics()], sp.GetRequiredService<ILogger<EmbeddedKafkaHost>>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<EmbeddedKafkaHost>());
        }

        var kafka = StreamOptions(settings);
        builder.Services.AddStreamJobs(jobs =>
        {
            if (settings.AnalyticsEnabled)
            {
                jobs.AddAnalyticsJobs();
            }

            if (settings.EventProcessor.Enabled)
            {
                jobs.AddEventProcessor();
            }
        });

        if (settings.TdaEnabled)
        {
            settings.TdaTopics.DeadLetters = settings.Kafka.Topics.DeadLetters;
            builder.Services.AddTdaJob(settings.Tda, settings.TdaTopics);
        }

        builder.Services.AddSingleton(kafka);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(Options.Create(settings.EventProcessor));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter("Orleans.Analytics", "Microsoft.Orleans")
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        builder.Services.AddOperatorAuthentication(http.Auth);
        builder.Services.AddPipelineStatus();
        builder.Services.AddSingleton<KafkaHealthProbe>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<KafkaHealthProbe>());
        if (settings.RunsDemo)
        {
            builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<DemoEventGenerator>(sp, settings.Kafka.Topics.Events, settings.Demo.EventsPerSecond));
        }

        builder.UseOrleans(silo =>
        {
            // With Orleans:Clustering set, Orleans applies it (see ScalarClusteringProviderBuilder); without, one machine.
            if (!builder.Configuration.GetSection("Orleans:Clustering").Exists())
            {
                silo.UseLocalhostClustering(settings.Orleans.SiloPort, settings.Orleans.GatewayPort, serviceId: settings.Orleans.ServiceId, clusterId: settings.Orleans.ClusterId);
            }

            AdoNetHosting.UseStorage(silo, settings);
            silo.AddKafkaStreams(StreamProvider, configurator => configurator.ConfigureKafka(options => options.Configure(o => Copy(kafka, o)).WithJobTopics()));

            // The dashboard's live log view would bypass the log redaction; the logs go to the console instead.
            silo.AddDashboard(options => options.HideTrace = true);
        });

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
        return app;
    }

    /// <summary>The stream provider's options: every topic a job reads, and every topic results go to.</summary>
    internal static KafkaStreamOptions StreamOptions(SiloSettings settings)
    {
        var options = new KafkaStreamOptions
        {
            BootstrapServers = settings.Kafka.BootstrapServers,
            ConsumerGroup = settings.Kafka.ConsumerGroup,
            StartupMode = settings.Kafka.StartupMode,
            DeadLetterTopic = settings.Kafka.Topics.DeadLetters,
            DefaultPartitions = settings.Kafka.Partitions,
            MetadataTimeout = settings.Kafka.MetadataTimeout,
            CommitInterval = settings.Kafka.CommitInterval,
        };
        if (settings.TdaEnabled)
        {
            TdaJobServices.AddTdaTopics(options, settings.TdaTopics);
        }

        return options;
    }

    private static void Copy(KafkaStreamOptions from, KafkaStreamOptions to)
    {
        to.BootstrapServers = from.BootstrapServers;
        to.ConsumerGroup = from.ConsumerGroup;
        to.StartupMode = from.StartupMode;
        to.DeadLetterTopic = from.DeadLetterTopic;
        to.DefaultPartitions = from.DefaultPartitions;
        to.ReplicationFactor = from.ReplicationFactor;
        to.CreateMissingTopics = from.CreateMissingTopics;
        to.CommitInterval = from.CommitInterval;
        to.MetadataTimeout = from.MetadataTimeout;
        to.MaxEventsPerDelivery = from.MaxEventsPerDelivery;
        foreach (var topic in from.Topics)
        {
            to.Topics.Add(topic);
        }

        foreach (var sink in from.SinkTopics)
        {
            to.SinkTopics.Add(sink);
        }

        foreach (var (key, value) in from.ClientProperties)
        {
            to.ClientProperties[key] = value;
        }
    }
}

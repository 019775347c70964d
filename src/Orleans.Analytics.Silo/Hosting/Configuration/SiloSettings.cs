using Orleans.Analytics.Jobs;
using Orleans.Analytics.Jobs.EventProcessing;
using Orleans.Analytics.Jobs.Tda;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>The silo's configuration, bound and checked as a whole before anything starts.</summary>
internal sealed class SiloSettings
{
    public required KafkaSettings Kafka { get; init; }

    public required OrleansSettings Orleans { get; init; }

    public required DemoSettings Demo { get; init; }

    public required EventProcessorOptions EventProcessor { get; init; }

    public required ProcessingOptions Processing { get; init; }

    public required TdaOptions Tda { get; init; }

    public required TdaTopics TdaTopics { get; init; }

    /// <summary>Whether the streaming TDA job runs (<c>Tda:Enabled</c>, default true).</summary>
    public required bool TdaEnabled { get; init; }

    /// <summary>Whether the analytics jobs run (<c>Jobs:Analytics:Enabled</c>, default true).</summary>
    public required bool AnalyticsEnabled { get; init; }

    public required string StorageProvider { get; init; }

    /// <summary><c>Storage:ConnectionString</c>: PostgreSQL (Npgsql) for the AdoNet clustering and storage; a secret.</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>
    /// Binds the silo's sections and adds every bad value to <paramref name="problems"/>, each with its key. The Kafka
    /// provider's keys are not among them: its options are bound and checked by the provider (<see cref="Kafka.KafkaStreamOptions"/>).
    /// </summary>
    public static SiloSettings Load(IConfiguration configuration, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        var settings = new SiloSettings
        {
            Kafka = Bind<KafkaSettings>(configuration, KafkaSettings.Section, problems),
            Orleans = Bind<OrleansSettings>(configuration, OrleansSettings.Section, problems),
            Demo = Bind<DemoSettings>(configuration, DemoSettings.Section, problems),
            EventProcessor = Bind<EventProcessorOptions>(configuration, EventProcessorOptions.Section, problems),
            Processing = Bind<ProcessingOptions>(configuration, ProcessingOptions.Section, problems),
            AnalyticsEnabled = !string.Equals(configuration["Jobs:Analytics:Enabled"], "false", StringComparison.OrdinalIgnoreCase),
            Tda = Bind<TdaOptions>(configuration, TdaOptions.Section, problems),
            TdaTopics = Bind<TdaTopics>(configuration, TdaTopics.Section, problems),
            TdaEnabled = !string.Equals(configuration["Tda:Enabled"], "false", StringComparison.OrdinalIgnoreCase),
            StorageProvider = configuration["Storage:Provider"] is { Length: > 0 } provider ? provider : "Memory",
            StorageConnectionString = configuration[AdoNetHosting.ConnectionStringKey],
            UsesEmbeddedKafka = string.IsNullOrWhiteSpace(configuration["Kafka:BootstrapServers"]),
        };
        if (problems.Count == before)
        {
            settings.Validate(problems);
        }

        return settings;
    }

    /// <summary>Whether the embedded Kafka is started: no brokers were configured.</summary>
    public required bool UsesEmbeddedKafka { get; init; }

    /// <summary>Whether <c>Kafka:EmbeddedBrokers</c> is a broker count the embedded Kafka can start with.</summary>
    public bool EmbeddedBrokersValid => Kafka.EmbeddedBrokers is >= 1 and <= 5;

    /// <summary>Whether the demo generator runs: on with the embedded Kafka unless switched off, off otherwise unless switched on.</summary>
    public bool RunsDemo => Demo.Enabled ?? UsesEmbeddedKafka;

    /// <summary>The analytics topics as the jobs see them.</summary>
    public AnalyticsTopics AnalyticsTopics => Kafka.Topics;

    private void Validate(List<string> problems)
    {
        problems.AddRange(Processing.Validate());
        if (TdaEnabled)
        {
            problems.AddRange(Tda.Validate());
        }
        if (!EmbeddedBrokersValid)
        {
            problems.Add($"Kafka:EmbeddedBrokers is {Kafka.EmbeddedBrokers}; allowed: 1 to 5.");
        }

        // The jobs' topics, under their own keys. The dead-letter topic is the provider's (Kafka:Topics:DeadLetters),
        // and the provider checks it.
        CheckTopic("Kafka:Topics:Events", Kafka.Topics.Events);
        CheckTopic("Kafka:Topics:EventMetrics", Kafka.Topics.EventMetrics);
        CheckTopic("Kafka:Topics:SessionMetrics", Kafka.Topics.SessionMetrics);
        CheckTopic("Kafka:Topics:PerformanceMetrics", Kafka.Topics.PerformanceMetrics);
        CheckTopic("Kafka:Topics:ProcessingMetrics", Kafka.Topics.ProcessingMetrics);
        CheckTopic("Kafka:Topics:LateEvents", Kafka.Topics.LateEvents);
        CheckTopic("Jobs:EventProcessor:InputTopic", EventProcessor.InputTopic);
        CheckTopic("Jobs:EventProcessor:OutputTopic", EventProcessor.OutputTopic);
        CheckTopic("Jobs:EventProcessor:ErrorTopic", EventProcessor.ErrorTopic);
        if (TdaEnabled)
        {
            CheckTopic("Tda:Topics:Events", TdaTopics.Events);
            CheckTopic("Tda:Topics:Jobs", TdaTopics.Jobs);
            CheckTopic("Tda:Topics:Results", TdaTopics.Results);
            CheckTopic("Tda:Topics:Monitoring", TdaTopics.Monitoring);
        }

        if (string.IsNullOrWhiteSpace(EventProcessor.ConsumerGroup))
        {
            problems.Add("Jobs:EventProcessor:ConsumerGroup is empty; set the consumer group of the input topic.");
        }

        if (EventProcessor.InputTopic == EventProcessor.OutputTopic || EventProcessor.InputTopic == EventProcessor.ErrorTopic)
        {
            problems.Add($"Jobs:EventProcessor:InputTopic '{EventProcessor.InputTopic}' is also an output topic; the job would read its own results.");
        }

        problems.AddRange(AdoNetHosting.Validate(this));

        CheckPort("Orleans:SiloPort", Orleans.SiloPort);
        CheckPort("Orleans:GatewayPort", Orleans.GatewayPort);
        if (Orleans.SiloPort == Orleans.GatewayPort)
        {
            problems.Add($"Orleans:SiloPort and Orleans:GatewayPort are both {Orleans.SiloPort}; they must differ.");
        }

        if (Demo.EventsPerSecond is <= 0 or > 100_000 || double.IsNaN(Demo.EventsPerSecond))
        {
            problems.Add($"Demo:EventsPerSecond is {Demo.EventsPerSecond}; allowed: more than 0, at most 100000.");
        }

        void CheckTopic(string key, string value)
        {
            if (!Analytics.Kafka.KafkaTopicNames.IsValid(value))
            {
                problems.Add($"{key} is '{value}'; a topic name is 1-249 characters of letters, digits, '.', '_' and '-'.");
            }
        }

        void CheckPort(string key, int value)
        {
            if (value is < 1 or > 65535)
            {
                problems.Add($"{key} is {value}; allowed: 1 to 65535.");
            }
        }
    }

    private static T Bind<T>(IConfiguration configuration, string section, List<string> problems)
        where T : new()
    {
        var value = new T();
        try
        {
            configuration.GetSection(section).Bind(value, o => o.ErrorOnUnknownConfiguration = false);
        }
        catch (InvalidOperationException ex)
        {
            problems.Add(ex.Message);
        }

        return value;
    }
}

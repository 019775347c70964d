using Orleans.Analytics.Cli;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Cli.Tests;

/// <summary>
/// The command line's librdkafka settings, as the silo's: <c>--property name=value</c> and the silo's
/// <c>Kafka__ClientProperties__*</c> (and <c>Kafka__BootstrapServers</c>) variables, for every Kafka command.
/// </summary>
public sealed class CliClientPropertiesTests(EmbeddedKafkaFixture kafka)
{
    private const string Secret = "hunter2-never-shown";

    // A SASL login the embedded Kafka refuses (it speaks no SASL), as a broker refuses a wrong password.
    private static readonly string[] RefusedLogin =
    [
        "--property", "security.protocol=SASL_PLAINTEXT", "--property", "sasl.mechanism=PLAIN",
        "--property", "sasl.username=analytics", "--property", "sasl.password=" + Secret,
    ];

    public static TheoryData<string> Commands => ["produce", "consume", "topics list", "topics create", "generate", "replay"];

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_property_librdkafka_refuses_stops_the_command_naming_it_with_librdkafkas_reason(string command)
    {
        var (exit, _, error) = Run([.. Arguments(command), "--property", "security.protocol=bogus", "--bootstrap-servers", kafka.BootstrapServers]);

        exit.ShouldBe(CliApp.BadInput, error);
        error.ShouldContain("--property security.protocol is 'bogus': Invalid value \"bogus\" for configuration property \"security.protocol\".");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task The_properties_reach_the_commands_clients_and_a_refused_login_ends_it_at_once(string command)
    {
        // The bound is far below the clients' own timeouts (a produce would wait five minutes for its delivery).
        var (exit, _, error) = await Task.Run(() => Run([.. Arguments(command), .. RefusedLogin, "--bootstrap-servers", kafka.BootstrapServers]))
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        exit.ShouldBe(1, error);
        error.ShouldContain($"Kafka at '{kafka.BootstrapServers}' refused the SASL authentication: ");
        error.ShouldContain("Check --property security.protocol ('SASL_PLAINTEXT') and --property sasl.mechanism ('PLAIN')");
        error.ShouldNotContain(Secret);
    }

    [Fact]
    public void A_property_without_a_value_is_rejected()
    {
        var (exit, _, error) = Run("topics", "list", "--property", "security.protocol", "--bootstrap-servers", kafka.BootstrapServers);

        exit.ShouldBe(CliApp.BadInput);
        error.ShouldContain("--property 'security.protocol' is not name=value");
    }

    [Fact]
    public void The_silos_variables_set_the_brokers_and_properties_and_a_property_flag_wins_over_its_variable()
    {
        var topic = kafka.CreateTopic("cli-variables", 2);
        using (new Variables(("Kafka__BootstrapServers", kafka.BootstrapServers), ("Kafka__ClientProperties__security.protocol", "bogus")))
        {
            var (exit, _, error) = Run("topics", "list");
            exit.ShouldBe(CliApp.BadInput);
            error.ShouldContain("Kafka__ClientProperties__security.protocol is 'bogus': Invalid value");

            var overridden = Run("topics", "list", "--property", "security.protocol=PLAINTEXT");
            overridden.Exit.ShouldBe(0, overridden.Error);
            overridden.Output.ShouldContain($"{topic}\t2");
        }
    }

    private string[] Arguments(string command) => command switch
    {
        "produce" => ["produce", kafka.UniqueName("cli-props"), """{"id":"e-1"}"""],
        "consume" => ["consume", kafka.CreateTopic("cli-props", 1)],
        "topics list" => ["topics", "list"],
        "topics create" => ["topics", "create", kafka.UniqueName("cli-props"), "--timeout", "30s"],
        "generate" => ["generate", "--topic", kafka.UniqueName("cli-props"), "--rate", "10", "--duration", "1m"],
        "replay" => ["replay", ReplayFile(), "--topic", kafka.UniqueName("cli-props")],
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "not a Kafka command"),
    };

    private string ReplayFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"{kafka.UniqueName("cli-props")}.txt");
        File.WriteAllText(path, "k\t{\"event_time\":1733328000000,\"user_id\":\"u\"}\n");
        return path;
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Environment variables of this process for a while (the test classes of this assembly run one at a time).</summary>
    private sealed class Variables : IDisposable
    {
        private readonly (string Name, string? Value)[] _previous;

        public Variables(params (string Name, string Value)[] variables)
        {
            _previous = [.. variables.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name)))];
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach (var (name, value) in _previous)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}

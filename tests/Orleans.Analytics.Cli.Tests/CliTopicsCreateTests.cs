using Orleans.Analytics.Cli;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Cli.Tests;

/// <summary><c>topics create</c>: argument checks, and a clear, bounded failure where Kafka does not serve CreateTopics.</summary>
public sealed class CliTopicsCreateTests(EmbeddedKafkaFixture kafka)
{
    private (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliApp.Run([.. args, "--bootstrap-servers", kafka.BootstrapServers], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("bad/name", "may only contain")]
    [InlineData("..", "is not allowed")]
    public void A_name_Kafka_would_refuse_is_rejected_before_asking_Kafka(string name, string expected)
    {
        var (exit, _, error) = Run("topics", "create", "fine-name", name);
        exit.ShouldBe(2);
        error.ShouldContain(expected);
    }

    [Theory]
    [InlineData("--partitions", "0", "--partitions must be at least 1")]
    [InlineData("--replication-factor", "0", "--replication-factor must be at least 1")]
    [InlineData("--timeout", "soon", "is not a duration")]
    public void Bad_options_are_rejected_with_their_name(string option, string value, string expected)
    {
        var (exit, _, error) = Run("topics", "create", "some-topic", option, value);
        exit.ShouldBe(2);
        error.ShouldContain(expected);
    }

    [Fact]
    public async Task Creating_on_the_embedded_Kafka_fails_within_the_timeout_and_says_why()
    {
        var name = kafka.UniqueName("created");

        // The bound is the command's own --timeout; the outer one only keeps a regression from hanging the run.
        var (exit, output, error) = await Task.Run(() => Run("topics", "create", name, "--partitions", "3", "--timeout", "2s"))
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        exit.ShouldBe(1, output);
        error.ShouldContain($"did not answer the request to create topic '{name}' within 2.0 s");
        error.ShouldContain("mock cluster");
        Run("topics", "list").Output.ShouldNotContain(name);
    }
}

using Orleans.Analytics.Cli;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Cli.Tests;

/// <summary>The command line's Kafka commands against the embedded Kafka, run in-process.</summary>
public sealed class CliKafkaCommandsTests(EmbeddedKafkaFixture kafka)
{
    private (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliApp.Run([.. args, "--bootstrap-servers", kafka.BootstrapServers], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Records_produced_from_a_file_and_a_value_are_consumed_from_the_beginning()
    {
        var topic = kafka.CreateTopic("cli", 2);
        var file = Path.Combine(Path.GetTempPath(), $"{topic}.json");
        File.WriteAllText(file, """[{"id":"e-1","type":"click","timestamp":1},{"id":"e-2","type":"view","timestamp":2}]""");

        Run("produce", topic, "--file", file).Exit.ShouldBe(0);
        var single = Run("produce", topic, "this is not valid JSON", "--key", "k");
        single.Exit.ShouldBe(0, single.Error);
        single.Output.ShouldContain("produced 1 record(s)");

        var (exit, output, error) = Run("consume", topic, "--offset", "beginning");

        exit.ShouldBe(0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(3);
        lines.ShouldContain("k\tthis is not valid JSON");
        lines.ShouldContain("""	{"id":"e-1","type":"click","timestamp":1}""");
        File.Delete(file);
    }

    [Fact]
    public void Topics_are_listed_with_their_partitions()
    {
        var topic = kafka.CreateTopic("listed", 3);
        var (exit, output, _) = Run("topics", "list");
        exit.ShouldBe(0);
        output.ShouldContain($"{topic}\t3");
    }

    [Fact]
    public void Produce_without_a_value_or_file_says_what_is_missing()
    {
        var (exit, _, error) = Run("produce", kafka.UniqueName("nothing"));
        exit.ShouldBe(2);
        error.ShouldContain("give a VALUE or --file");
    }
}

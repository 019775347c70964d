using System.Text;
using Orleans.Analytics.Cli;
using Orleans.Analytics.Pipeline;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Kafka.Tests;

/// <summary><c>generate</c> and <c>replay</c> against the embedded Kafka, checked by what lands in the topics.</summary>
public sealed class CliGenerateReplayTests(EmbeddedKafkaFixture kafka)
{
    private (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliApp.Run([.. args, "--bootstrap-servers", kafka.BootstrapServers], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private string TempFile(string name, string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{kafka.UniqueName(name)}.txt");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Generate_writes_rate_times_duration_events_that_the_jobs_parse()
    {
        var topic = kafka.CreateTopic("generated", 2);

        var (exit, output, error) = Run("generate", "--topic", topic, "--rate", "40", "--duration", "1s", "--users", "5", "--seed", "3");

        exit.ShouldBe(0, error);
        var records = kafka.ReadAll(topic);
        records.Count.ShouldBeInRange(39, 41);
        output.ShouldContain($"generated {records.Count} events to {topic}");
        output.ShouldContain($"{records.Count} delivered, 0 failed");
        foreach (var record in records)
        {
            var raw = new KafkaRecord(topic, record.Partition.Value, record.Offset.Value, record.Message.Key, Encoding.UTF8.GetBytes(record.Message.Value), record.Message.Timestamp.UnixTimestampMs);
            AnalyticsEventParser.TryParse(raw, out var parsed, out var problem).ShouldBeTrue(problem);
            parsed!.UserId.ShouldBe(record.Message.Key);
            parsed.UserId.ShouldBeOneOf("user-1", "user-2", "user-3", "user-4", "user-5");
            parsed.SessionId.ShouldNotBeNullOrEmpty();
            parsed.EventId.ShouldNotBeNullOrEmpty();
        }

        records.Select(r => r.Message.Value).Distinct().Count().ShouldBe(records.Count);
    }

    [Fact]
    public void Generate_rejects_a_duration_without_unit_and_a_rate_of_zero()
    {
        Run("generate", "--rate", "10", "--duration", "30").Error.ShouldContain("'30' is not a duration");
        var (exit, _, error) = Run("generate", "--rate", "0", "--duration", "1s");
        exit.ShouldBe(2);
        error.ShouldContain("--rate must be a positive number");
    }
}

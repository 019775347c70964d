using System.Text;
using Orleans.Analytics.Cli;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Pipeline;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Cli.Tests;

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
            Orleans.Analytics.Jobs.Analytics.AnalyticsEventParser.TryParse(Encoding.UTF8.GetBytes(record.Message.Value), Encoding.UTF8.GetBytes(record.Message.Key ?? string.Empty), out var parsed, out var problem)
                .ShouldBeTrue(problem.Reason);
            parsed.UserId.ShouldBe(record.Message.Key);
            parsed.UserId.ShouldBeOneOf("user-1", "user-2", "user-3", "user-4", "user-5");
            parsed.SessionId.ShouldNotBeNullOrEmpty();
            System.Text.Json.JsonDocument.Parse(record.Message.Value).RootElement.GetProperty("event_id").GetString().ShouldNotBeNullOrEmpty();
        }

        records.Select(r => r.Message.Value).Distinct().Count().ShouldBe(records.Count);
    }

    [Fact]
    public void Generate_tda_writes_point_clouds_the_TDA_job_reads_whose_circles_have_one_loop()
    {
        var topic = kafka.CreateTopic("generated-clouds", 2);

        var (exit, output, error) = Run("generate", "--tda", "--topic", topic, "--rate", "90", "--duration", "1s", "--seed", "5");

        exit.ShouldBe(0, error);
        var records = kafka.ReadAll(topic);
        records.Count.ShouldBeInRange(89, 91);
        output.ShouldContain($"generated {records.Count} events to {topic}");
        var clouds = new Dictionary<string, List<double[]>>();
        foreach (var record in records)
        {
            var raw = new KafkaRecord(topic, record.Partition.Value, record.Offset.Value, record.Message.Key, Encoding.UTF8.GetBytes(record.Message.Value), 0);
            Orleans.Analytics.Jobs.Tda.TdaEventParser.Parse(raw, out var parsed, out var problem).ShouldBe(Orleans.Analytics.Jobs.Tda.TdaParseStatus.Accepted, problem);
            parsed!.Algorithm.ShouldBe("vietoris_rips");
            parsed.Points.Count.ShouldBe(6);
            record.Message.Key.ShouldBeOneOf([.. Orleans.Analytics.Core.Samples.SamplePointClouds.Clouds]);
            (clouds.TryGetValue(record.Message.Key!, out var points) ? points : clouds[record.Message.Key!] = []).AddRange(parsed.Points);
        }

        clouds.Keys.Order().ShouldBe(Orleans.Analytics.Core.Samples.SamplePointClouds.Clouds.Order());
        clouds["sphere"].ShouldAllBe(p => p.Length == 3);
        foreach (var circle in new[] { "circle-small", "circle-large" })
        {
            clouds[circle].ShouldAllBe(p => p.Length == 2);
            // With the TDA job's default Rips threshold, a circle's points are connected and have one loop that lasts.
            var diagram = Orleans.Analytics.Topology.PersistentHomology.ComputeVietorisRips(
                clouds[circle], new Orleans.Analytics.Topology.VietorisRipsOptions { MaxDimension = 1, MaxEdgeLength = 2.0 }, TestContext.Current.CancellationToken);
            diagram.Pairs.Count(p => p.Dimension == 0 && p.IsEssential).ShouldBe(1, circle);
            diagram.Pairs.Count(p => p.Dimension == 1 && (p.IsEssential || p.Death - p.Birth > 1.0)).ShouldBe(1, circle);
        }
    }

    [Fact]
    public void Generate_rejects_a_duration_without_unit_and_a_rate_of_zero()
    {
        Run("generate", "--rate", "10", "--duration", "30").Error.ShouldContain("'30' is not a duration");
        var (exit, _, error) = Run("generate", "--rate", "0", "--duration", "1s");
        exit.ShouldBe(2);
        error.ShouldContain("--rate must be a positive number");
    }

    [Fact]
    public async Task What_consume_prints_replays_to_the_same_keys_and_values()
    {
        var source = kafka.CreateTopic("replay-source", 1);
        var target = kafka.CreateTopic("replay-target", 1);
        (string? Key, string Value)[] sent =
        [
            ("user-1", """{"event_id":"a","event_time":"2024-05-01T12:00:00.000Z","event":{"type":"page_view"}}"""),
            (null, """{"id":"e-1","type":"click","timestamp":1714564800100}"""),
            ("user-2", """{"event_id":"b","event_time":1714564800200,"event":{"type":"click"},"note":"tab\tinside"}"""),
        ];
        await kafka.ProduceAsync(source, sent);
        var consumed = Run("consume", source, "--offset", "beginning");
        consumed.Exit.ShouldBe(0, consumed.Error);
        var file = TempFile("consumed", consumed.Output);

        var (exit, output, error) = Run("replay", file, "--topic", target, "--speed", "max");

        exit.ShouldBe(0, error);
        output.ShouldContain($"replayed 3 records to {target}");
        output.ShouldContain("0 bad line(s)");
        kafka.ReadAll(target).Select(r => (r.Message.Key, r.Message.Value)).ShouldBe(sent);
        File.Delete(file);
    }

    [Fact]
    public void Bad_lines_are_reported_by_number_and_the_good_ones_still_sent()
    {
        var target = kafka.CreateTopic("replay-bad", 1);
        var file = TempFile("bad-lines", string.Join('\n',
            """k1	{"event_time":"2024-05-01T12:00:00Z","n":1}""",
            "this is not valid JSON",
            """{"timestamp":1714564800500,"n":2}""",
            """k2	{"event_time":"yesterday"}""",
            "",
            "[1,2,3]",
            """{"n":3}""",
            """k3	{"event_time":"2024-05-01T12:00:01Z","n":4}"""));

        var (exit, output, error) = Run("replay", file, "--topic", target, "--speed", "1000");

        exit.ShouldBe(1);
        error.ShouldContain("line 2: the value is not JSON");
        error.ShouldContain("line 4: event_time 'yesterday' is neither ISO-8601");
        error.ShouldContain("line 6: the value is a JSON Array, not an object");
        error.ShouldContain("line 7: the value has no event_time or timestamp field");
        error.ShouldNotContain("line 5");
        output.ShouldContain("replayed 3 records");
        output.ShouldContain("4 bad line(s) skipped (lines 2, 4, 6, 7)");
        kafka.ReadAll(target).Select(r => r.Message.Key).ShouldBe(["k1", null, "k3"]);
        File.Delete(file);
    }

    [Fact]
    public void Replay_rejects_a_speed_that_is_not_a_number_or_max()
    {
        var (exit, _, error) = Run("replay", "whatever.txt", "--speed", "fast");
        exit.ShouldBe(2);
        error.ShouldContain("--speed 'fast' is not a number");
    }
}

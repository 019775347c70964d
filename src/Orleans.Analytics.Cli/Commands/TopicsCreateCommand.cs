using System.CommandLine;
using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Cli.Commands;

using ErrorCode = Confluent.Kafka.ErrorCode;

/// <summary><c>topics create</c>: creates topics through Kafka's admin API, waiting a bounded time for the answer.</summary>
internal static class TopicsCreateCommand
{
    /// <summary>What Kafka accepts as a topic name.</summary>
    private const int MaxNameLength = 249;

    public static Command Create()
    {
        var names = new Argument<string[]>("names") { Description = "The topics to create.", Arity = ArgumentArity.OneOrMore };
        names.Validators.Add(r =>
        {
            foreach (var name in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (NameProblem(name) is { } problem)
                {
                    r.AddError(problem);
                }
            }
        });
        var partitions = new Option<int?>("--partitions") { Description = "Partitions of each topic; default: the broker's num.partitions." };
        partitions.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1)
            {
                r.AddError("--partitions must be at least 1.");
            }
        });
        var replication = new Option<short?>("--replication-factor") { Description = "Copies of each partition; default: the broker's default.replication.factor." };
        replication.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<short?>() is < 1)
            {
                r.AddError("--replication-factor must be at least 1.");
            }
        });
        var ifNotExists = new Option<bool>("--if-not-exists") { Description = "A topic that exists already is not an error." };
        var timeout = new Option<TimeSpan?>("--timeout") { Description = "How long to wait for Kafka's answer (e.g. 15s).", CustomParser = CliDuration.Parse, DefaultValueFactory = _ => TimeSpan.FromSeconds(15) };
        var connection = new KafkaConnection();
        var command = new Command("create", "Create topics (Kafka's admin API).") { names, partitions, replication, ifNotExists, timeout };
        connection.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            if (!connection.TryResolve(result, out var kafka, out var problem))
            {
                await error.WriteLineAsync(problem);
                return CliApp.BadInput;
            }

            var servers = kafka.BootstrapServers;

            var wanted = result.GetRequiredValue(names).Distinct(StringComparer.Ordinal).ToList();
            var wait = result.GetValue(timeout) ?? TimeSpan.FromSeconds(15);
            var specifications = wanted.Select(n => new TopicSpecification
            {
                Name = n,
                NumPartitions = result.GetValue(partitions) ?? -1,
                ReplicationFactor = result.GetValue(replication) ?? -1,
            }).ToList();
            var watch = new KafkaSecurityWatch(kafka, KafkaConnection.SettingPrefix);
            using var admin = new AdminClientBuilder(KafkaClientConfig.Admin(kafka)).WatchedBy(watch).Build();
            IReadOnlyList<CreateTopicReport> reports;
            try
            {
                var creating = admin.CreateTopicsAsync(specifications, new CreateTopicsOptions { RequestTimeout = wait, OperationTimeout = wait })
                    .WaitAsync(wait + TimeSpan.FromSeconds(2), cancellationToken);
                if (await Task.WhenAny(creating, watch.Failed) == watch.Failed)
                {
                    await error.WriteLineAsync($"topics create: {watch.FirstFailure}");
                    return 1;
                }

                await creating;
                reports = [.. wanted.Select(n => new CreateTopicReport { Topic = n, Error = new Error(ErrorCode.NoError) })];
            }
            catch (CreateTopicsException ex)
            {
                reports = ex.Results;
            }
            catch (Exception ex) when (ex is TimeoutException || (ex is KafkaException k && k.Error.Code is ErrorCode.Local_TimedOut or ErrorCode.RequestTimedOut))
            {
                await error.WriteLineAsync(TimedOut(servers, wanted, wait));
                return 1;
            }
            catch (KafkaException ex)
            {
                await error.WriteLineAsync($"topics create: Kafka at {servers} did not create {Names(wanted)}: {ex.Error.Reason}");
                return 1;
            }

            var failed = 0;
            foreach (var report in reports)
            {
                var code = report.Error.Code;
                if (code == ErrorCode.NoError)
                {
                    var described = Describe(result.GetValue(partitions), result.GetValue(replication));
                    await output.WriteLineAsync($"created topic {report.Topic} ({described})");
                }
                else if (code == ErrorCode.TopicAlreadyExists && result.GetValue(ifNotExists))
                {
                    await output.WriteLineAsync($"topic {report.Topic} exists already");
                }
                else
                {
                    failed++;
                    await error.WriteLineAsync($"topics create: {report.Topic}: {report.Error.Reason}{(code == ErrorCode.TopicAlreadyExists ? " (use --if-not-exists to accept it)" : string.Empty)}");
                }
            }

            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>Why Kafka would refuse <paramref name="name"/>, or <see langword="null"/>.</summary>
    public static string? NameProblem(string name)
    {
        if (name.Length is 0 or > MaxNameLength)
        {
            return $"Topic name '{name}' must have 1 to {MaxNameLength} characters.";
        }

        if (name is "." or "..")
        {
            return $"Topic name '{name}' is not allowed.";
        }

        return name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? null
            : $"Topic name '{name}' may only contain ASCII letters, digits, '.', '_' and '-'.";
    }

    private static string TimedOut(string servers, List<string> names, TimeSpan wait) =>
        $"topics create: Kafka at {servers} did not answer the request to create {Names(names)} within {CliDuration.Format(wait)}, " +
        "so nothing was created. Brokers that do not serve the admin API's CreateTopics request behave so; the embedded Kafka " +
        "of a local silo (librdkafka's mock cluster) is one: it creates a topic on its own when a client first writes to it " +
        "or asks for its metadata (with its default partition count), and the silo creates the topics it uses at start.";

    private static string Names(List<string> names) => names.Count == 1 ? $"topic '{names[0]}'" : $"topics {string.Join(", ", names.Select(n => $"'{n}'"))}";

    private static string Describe(int? partitions, short? replication) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(partitions is { } p ? $"{p} partition(s)" : "the broker's default partitions")}, {(replication is { } r ? $"replication factor {r}" : "the broker's default replication factor")}");
}

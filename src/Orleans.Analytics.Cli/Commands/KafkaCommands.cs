using System.CommandLine;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Cli.Commands;

/// <summary><c>produce</c>, <c>consume</c> and <c>topics</c>: the seed's ktool, for this project's topics.</summary>
internal static class KafkaCommands
{
    public static Command Produce()
    {
        var topic = new Argument<string>("topic") { Description = "The topic to write to." };
        var value = new Argument<string?>("value") { Description = "One record value (when no --file).", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<FileInfo?>("--file") { Description = "A JSON array of records, or one record per line." };
        var key = new Option<string?>("--key") { Description = "The key of every record (default: none)." };
        var bootstrap = KafkaConnection.Option();
        var command = new Command("produce", "Write records to a topic.") { topic, value, file, key, bootstrap };
        command.SetAction(async (result, cancellationToken) =>
        {
            var error = result.InvocationConfiguration.Error;
            if (!KafkaConnection.TryResolve(result.GetValue(bootstrap), out var servers, out var problem))
            {
                await error.WriteLineAsync(problem);
                return CliApp.BadInput;
            }

            List<string> values;
            try
            {
                values = result.GetValue(file) is { } input ? ReadValues(input) : result.GetValue(value) is { } single ? [single] : [];
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"produce: cannot read {result.GetValue(file)?.FullName}: {ex.Message}");
                return CliApp.BadInput;
            }

            if (values.Count == 0)
            {
                await error.WriteLineAsync("produce: give a VALUE or --file with records.");
                return CliApp.BadInput;
            }

            using var producer = new ProducerBuilder<string?, string>(KafkaClientConfig.Producer(new KafkaStreamOptions { BootstrapServers = servers })).Build();
            var deliveries = values.Select(v => producer.ProduceAsync(result.GetRequiredValue(topic), new Message<string?, string> { Key = result.GetValue(key), Value = v }, cancellationToken)).ToList();
            try
            {
                await Task.WhenAll(deliveries);
            }
            catch (ProduceException<string?, string> ex)
            {
                await error.WriteLineAsync($"produce: {ex.Error.Reason}");
                return 1;
            }

            await result.InvocationConfiguration.Output.WriteLineAsync($"produced {values.Count} record(s) to {result.GetRequiredValue(topic)}");
            return 0;
        });
        return command;
    }

    public static Command Consume()
    {
        var topic = new Argument<string>("topic") { Description = "The topic to read." };
        var offset = new Option<string>("--offset") { Description = "beginning or end.", DefaultValueFactory = _ => "beginning" };
        offset.AcceptOnlyFromAmong("beginning", "end");
        var max = new Option<int?>("--max") { Description = "Stop after this many records." };
        var wait = new Option<double>("--timeout-seconds") { Description = "Stop when no record arrived for this long (with --offset end), or after reaching the end.", DefaultValueFactory = _ => 5 };
        var bootstrap = KafkaConnection.Option();
        var command = new Command("consume", "Print a topic's records as 'key<TAB>value' lines.") { topic, offset, max, wait, bootstrap };
        command.SetAction((result, cancellationToken) =>
        {
            if (!KafkaConnection.TryResolve(result.GetValue(bootstrap), out var servers, out var problem))
            {
                result.InvocationConfiguration.Error.WriteLine(problem);
                return Task.FromResult(CliApp.BadInput);
            }

            var output = result.InvocationConfiguration.Output;
            var name = result.GetRequiredValue(topic);
            var fromEnd = result.GetValue(offset) == "end";
            var limit = result.GetValue(max) ?? int.MaxValue;
            var idle = TimeSpan.FromSeconds(result.GetValue(wait));
            var config = KafkaClientConfig.Consumer(new KafkaStreamOptions { BootstrapServers = servers }, "orleans-analytics-cli-" + Guid.NewGuid().ToString("N"));
            using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
            using var admin = new AdminClientBuilder(KafkaClientConfig.Admin(new KafkaStreamOptions { BootstrapServers = servers })).Build();
            var partitions = admin.GetMetadata(name, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => new TopicPartition(name, p.PartitionId)).ToList();
            var ends = partitions.ToDictionary(p => p.Partition.Value, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
            consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, fromEnd ? Offset.End : Offset.Beginning)));
            var pending = fromEnd ? [] : ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
            var printed = 0;
            var lastRecord = DateTime.UtcNow;
            while (printed < limit && !cancellationToken.IsCancellationRequested)
            {
                if (!fromEnd && pending.Count == 0)
                {
                    break;
                }

                var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (record?.Message is null)
                {
                    if (DateTime.UtcNow - lastRecord > idle)
                    {
                        break;
                    }

                    continue;
                }

                lastRecord = DateTime.UtcNow;
                output.WriteLine($"{Text(record.Message.Key)}\t{Text(record.Message.Value)}");
                printed++;
                if (record.Offset.Value + 1 >= ends[record.Partition.Value])
                {
                    pending.Remove(record.Partition.Value);
                }
            }

            return Task.FromResult(0);
        });
        return command;
    }

    public static Command Topics()
    {
        var bootstrap = KafkaConnection.Option();
        var list = new Command("list", "List topics with their partition counts.") { bootstrap };
        list.SetAction(result =>
        {
            if (!KafkaConnection.TryResolve(result.GetValue(bootstrap), out var servers, out var problem))
            {
                result.InvocationConfiguration.Error.WriteLine(problem);
                return CliApp.BadInput;
            }

            using var admin = new AdminClientBuilder(KafkaClientConfig.Admin(new KafkaStreamOptions { BootstrapServers = servers })).Build();
            foreach (var topic in admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Where(t => !t.Topic.StartsWith("__", StringComparison.Ordinal)).OrderBy(t => t.Topic, StringComparer.Ordinal))
            {
                result.InvocationConfiguration.Output.WriteLine($"{topic.Topic}\t{topic.Partitions.Count}");
            }

            return 0;
        });
        return new Command("topics", "List and create topics.") { list, TopicsCreateCommand.Create() };
    }

    private static List<string> ReadValues(FileInfo file)
    {
        var text = File.ReadAllText(file.FullName).Trim();
        if (text.StartsWith('['))
        {
            using var document = JsonDocument.Parse(text);
            return [.. document.RootElement.EnumerateArray().Select(e => e.GetRawText())];
        }

        return [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
    }

    private static string Text(byte[]? bytes) => bytes is null ? string.Empty : Encoding.UTF8.GetString(bytes);
}

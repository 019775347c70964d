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
        var connection = new KafkaConnection();
        var command = new Command("produce", "Write records to a topic.") { topic, value, file, key };
        connection.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var error = result.InvocationConfiguration.Error;
            if (!connection.TryResolve(result, out var kafka, out var problem))
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

            var watch = new KafkaSecurityWatch(kafka, KafkaConnection.SettingPrefix);
            using var producer = new ProducerBuilder<string?, string>(KafkaClientConfig.Producer(kafka)).WatchedBy(watch).Build();
            var deliveries = values.Select(v => producer.ProduceAsync(result.GetRequiredValue(topic), new Message<string?, string> { Key = result.GetValue(key), Value = v }, cancellationToken)).ToList();
            try
            {
                // A refused TLS handshake or SASL login is not retried into the delivery timeout (five minutes).
                if (await Task.WhenAny(Task.WhenAll(deliveries), watch.Failed) == watch.Failed)
                {
                    await error.WriteLineAsync($"produce: {watch.FirstFailure}");
                    return 1;
                }

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
        var connection = new KafkaConnection();
        var command = new Command("consume", "Print a topic's records as 'key<TAB>value' lines.") { topic, offset, max, wait };
        connection.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!connection.TryResolve(result, out var kafka, out var problem))
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(problem);
                return CliApp.BadInput;
            }

            var output = result.InvocationConfiguration.Output;
            var name = result.GetRequiredValue(topic);
            var fromEnd = result.GetValue(offset) == "end";
            var limit = result.GetValue(max) ?? int.MaxValue;
            var idle = TimeSpan.FromSeconds(result.GetValue(wait));
            var config = KafkaClientConfig.Consumer(kafka, "orleans-analytics-cli-" + Guid.NewGuid().ToString("N"));
            using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
            var metadata = await MetadataAsync(kafka, "consume", result.InvocationConfiguration.Error, cancellationToken, name);
            if (metadata is null)
            {
                return 1;
            }

            var partitions = metadata.Topics.Single().Partitions.Select(p => new TopicPartition(name, p.PartitionId)).ToList();
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

            return 0;
        });
        return command;
    }

    public static Command Topics()
    {
        var connection = new KafkaConnection();
        var list = new Command("list", "List topics with their partition counts.");
        connection.AddTo(list);
        list.SetAction(async (result, cancellationToken) =>
        {
            if (!connection.TryResolve(result, out var kafka, out var problem))
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(problem);
                return CliApp.BadInput;
            }

            if (await MetadataAsync(kafka, "topics list", result.InvocationConfiguration.Error, cancellationToken) is not { } metadata)
            {
                return 1;
            }

            foreach (var topic in metadata.Topics.Where(t => !t.Topic.StartsWith("__", StringComparison.Ordinal)).OrderBy(t => t.Topic, StringComparer.Ordinal))
            {
                await result.InvocationConfiguration.Output.WriteLineAsync($"{topic.Topic}\t{topic.Partitions.Count}");
            }

            return 0;
        });
        return new Command("topics", "List and create topics.") { list, TopicsCreateCommand.Create() };
    }

    /// <summary>
    /// The cluster's metadata (or one topic's) within 10 s; null, with the reason written to <paramref name="error"/>,
    /// when Kafka cannot be reached or refuses the TLS handshake or SASL login (that at once).
    /// </summary>
    private static async Task<Confluent.Kafka.Metadata?> MetadataAsync(KafkaStreamOptions kafka, string command, TextWriter error, CancellationToken cancellationToken, string? topic = null)
    {
        var watch = new KafkaSecurityWatch(kafka, KafkaConnection.SettingPrefix);
        using var admin = new AdminClientBuilder(KafkaClientConfig.Admin(kafka)).WatchedBy(watch).Build();
        try
        {
            return await KafkaClusterMetadata.GetAsync(admin, watch, TimeSpan.FromSeconds(10), cancellationToken, topic);
        }
        catch (KafkaSetupException ex)
        {
            await error.WriteLineAsync($"{command}: {ex.Message}");
        }
        catch (KafkaException ex)
        {
            await error.WriteLineAsync($"{command}: Kafka at {kafka.BootstrapServers} did not answer within 10 s: {watch.LastError ?? ex.Error.Reason}");
        }

        return null;
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

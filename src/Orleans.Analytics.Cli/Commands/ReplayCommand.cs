using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Confluent.Kafka;

namespace Orleans.Analytics.Cli.Commands;

/// <summary><c>replay</c>: writes a file of records to a topic again, keeping the time between their events.</summary>
internal static class ReplayCommand
{
    /// <summary>Bad lines named one by one before the rest are only counted.</summary>
    private const int BadLinesShown = 20;

    public static Command Create(TimeProvider? clock = null)
    {
        var time = clock ?? TimeProvider.System;
        var file = new Argument<FileInfo>("file") { Description = "Records as 'consume' prints them: 'KEY<TAB>VALUE' or 'VALUE' lines, each value a JSON event with event_time or timestamp." };
        var speed = new Option<double>("--speed")
        {
            Description = "How much faster than they happened (10 = ten times faster, 0.5 = half speed); 0 or max = as fast as possible.",
            DefaultValueFactory = _ => 1,
            CustomParser = ParseSpeed,
        };
        var topic = new Option<string>("--topic") { Description = "The topic to write to.", DefaultValueFactory = _ => "analytics_events" };
        var connection = new KafkaConnection();
        var command = new Command("replay", "Write a file's records to a topic, keeping the time between their events (scaled by --speed).") { file, speed, topic };
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

            var input = result.GetRequiredValue(file);
            if (!input.Exists)
            {
                await error.WriteLineAsync($"replay: no file {input.FullName}");
                return CliApp.BadInput;
            }

            var name = result.GetRequiredValue(topic);
            var pacer = new ReplayPacer(result.GetValue(speed));
            var tally = new DeliveryTally();
            var bad = new List<int>();
            using var producer = tally.CreateProducer(kafka);
            using var run = tally.StopOnSecurityFailure(cancellationToken);
            var start = time.GetTimestamp();
            string Describe() => Line("replaying", name, tally, bad.Count, time.GetElapsedTime(start)) + tally.ClientErrorSuffix;
            bool stopped;
            try
            {
                stopped = await LiveStatus.RunAsync(output, Describe, () => RunAsync(input, producer, name, pacer, tally, bad, error, time, start, run.Token));
            }
            catch (IOException ex)
            {
                await error.WriteLineAsync($"replay: cannot read {input.FullName}: {ex.Message}");
                return CliApp.BadInput;
            }


            var sending = time.GetElapsedTime(start);
            tally.Flush(producer, TimeSpan.FromSeconds(10));
            if (tally.Security?.FirstFailure is { } refused)
            {
                await error.WriteLineAsync($"replay: {refused}");
                return 1;
            }
            var summary = Line("replayed", name, tally, bad.Count, sending);
            if (bad.Count > 0)
            {
                summary += $" ({(bad.Count == 1 ? "line" : "lines")} {string.Join(", ", bad.Take(BadLinesShown))}{(bad.Count > BadLinesShown ? ", …" : string.Empty)})";
            }

            await output.WriteLineAsync(summary + (stopped ? " (stopped)" : string.Empty));
            if (tally.FirstError is { } reason)
            {
                await error.WriteLineAsync($"replay: {tally.Failed} record(s) failed; first reason: {reason}{tally.ClientErrorSuffix}");
            }

            return tally.Failed > 0 || bad.Count > 0 ? 1 : 0;
        });
        return command;
    }

    /// <summary>Replays the file; <see langword="true"/> when stopped (Ctrl+C) before its end.</summary>
    private static async Task<bool> RunAsync(
        FileInfo input,
        IProducer<string?, string> producer,
        string topic,
        ReplayPacer pacer,
        DeliveryTally tally,
        List<int> bad,
        TextWriter error,
        TimeProvider time,
        long start,
        CancellationToken cancellationToken)
    {
        using var reader = input.OpenText();
        var number = 0;
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (!ReplayLine.TryParse(line, out var record, out var problem))
                {
                    bad.Add(number);

                    if (bad.Count <= BadLinesShown)
                    {
                        await error.WriteLineAsync($"replay: line {number}: {problem}; skipped");
                    }

                    continue;
                }

                var wait = pacer.DueAt(record.EventTime) - time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken);
                }

                await tally.ProduceAsync(producer, topic, new Message<string?, string> { Key = record.Key, Value = record.Value }, cancellationToken);
            }

            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return true;
        }
    }

    private static double ParseSpeed(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (text.Equals("max", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var speed) && double.IsFinite(speed))
        {
            return speed;
        }

        result.AddError($"--speed '{text}' is not a number of 0 or more, or max.");
        return 1;
    }

    private static string Line(string verb, string topic, DeliveryTally tally, int bad, TimeSpan elapsed) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{verb} {tally.Sent} records to {topic} in {CliDuration.Format(elapsed)}: {tally.Delivered} delivered, {tally.Failed} failed, {bad} bad line(s) skipped");
}

using System.CommandLine;
using System.Globalization;
using Confluent.Kafka;
using Orleans.Analytics.Core.Samples;

namespace Orleans.Analytics.Cli.Commands;

/// <summary>
/// <c>generate</c>: realistic analytics events at a steady rate, the same the silo's demo writes; with <c>--tda</c>,
/// the demo's point-cloud events (noisy circles and a sphere) for the TDA job instead.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create(TimeProvider? clock = null)
    {
        var time = clock ?? TimeProvider.System;
        var topic = new Option<string?>("--topic") { Description = "The topic to write to (default analytics_events, with --tda tda_events)." };
        var tda = new Option<bool>("--tda") { Description = "Write point-cloud events (noisy circles and a sphere, keyed by cloud) for the TDA job instead." };
        var rate = new Option<double>("--rate") { Description = "Events per second.", DefaultValueFactory = _ => 10 };
        rate.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<double>();
            if (!double.IsFinite(value) || value <= 0)
            {
                r.AddError("--rate must be a positive number of events per second.");
            }
        });
        var duration = new Option<TimeSpan?>("--duration") { Description = "How long to run (30s, 2m, 1h or 00:01:30); default: until Ctrl+C.", CustomParser = CliDuration.Parse };
        var users = new Option<int>("--users") { Description = "Distinct users (the records' keys).", DefaultValueFactory = _ => 60 };
        users.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--users must be at least 1.");
            }
        });
        var seed = new Option<int?>("--seed") { Description = "Random seed, for the same events in every run." };
        var connection = new KafkaConnection();
        var command = new Command("generate", "Write realistic analytics events (page views, clicks, carts, conversions) at a steady rate; --tda for point clouds.")
        {
            topic, rate, duration, users, seed, tda,
        };
        connection.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            if (!connection.TryResolve(result, out var kafka, out var problem))
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(problem);
                return CliApp.BadInput;
            }

            var pointClouds = result.GetValue(tda);
            var name = result.GetValue(topic) ?? (pointClouds ? "tda_events" : "analytics_events");
            var schedule = new RateSchedule(result.GetValue(rate), result.GetValue(duration));
            Func<DateTimeOffset, (string Key, string Value)> events = pointClouds
                ? new SamplePointClouds(result.GetValue(seed)).Next
                : new SampleAnalyticsEvents(result.GetValue(users), result.GetValue(seed)).Next;
            var tally = new DeliveryTally();
            using var producer = tally.CreateProducer(kafka);
            using var run = tally.StopOnSecurityFailure(cancellationToken);
            var start = time.GetTimestamp();
            string Describe() => Line("generating", name, tally, time.GetElapsedTime(start)) + tally.ClientErrorSuffix;
            var stopped = await LiveStatus.RunAsync(output, Describe, () => RunAsync(producer, name, schedule, events, tally, time, start, run.Token));

            var sending = time.GetElapsedTime(start);
            tally.Flush(producer, TimeSpan.FromSeconds(10));
            if (tally.Security?.FirstFailure is { } refused)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"generate: {refused}");
                return 1;
            }
            await output.WriteLineAsync(Line("generated", name, tally, sending) + (stopped ? " (stopped)" : string.Empty));
            if (tally.FirstError is { } reason)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"generate: {tally.Failed} record(s) failed; first reason: {reason}{tally.ClientErrorSuffix}");
                return 1;
            }

            return 0;
        });
        return command;
    }

    /// <summary>Sends the schedule's records; <see langword="true"/> when stopped (Ctrl+C) before the end.</summary>
    private static async Task<bool> RunAsync(
        IProducer<string?, string> producer,
        string topic,
        RateSchedule schedule,
        Func<DateTimeOffset, (string Key, string Value)> events,
        DeliveryTally tally,
        TimeProvider time,
        long start,
        CancellationToken cancellationToken)
    {
        long index = 0;
        try
        {
            while (index < schedule.Total)
            {
                for (var due = schedule.DueBy(time.GetElapsedTime(start)); index < due; index++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (key, value) = events(time.GetUtcNow());
                    await tally.ProduceAsync(producer, topic, new Message<string?, string> { Key = key, Value = value }, cancellationToken);
                }

                var wait = schedule.DueAt(index) - time.GetElapsedTime(start);
                if (index < schedule.Total && wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken);
                }
            }

            // The run lasts its duration: the last record is due one interval before the end.
            if (schedule.Duration - time.GetElapsedTime(start) is { } rest && rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, time, cancellationToken);
            }

            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return true;
        }
    }

    private static string Line(string verb, string topic, DeliveryTally tally, TimeSpan elapsed)
    {
        var rate = elapsed > TimeSpan.Zero ? tally.Sent / elapsed.TotalSeconds : 0;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{verb} {tally.Sent} events to {topic} in {CliDuration.Format(elapsed)} ({rate:0.0}/s): {tally.Delivered} delivered, {tally.Failed} failed");
    }
}

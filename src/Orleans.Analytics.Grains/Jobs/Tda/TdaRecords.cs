using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs.Tda;

/// <summary>The JSON records of the streaming TDA job, with the seed's field names.</summary>
internal static class TdaRecords
{
    public const string JobName = "tda-streaming-processor";

    /// <summary>The <c>tda_results</c> record of a window: its persistence result, or <c>error: true</c> with the message.</summary>
    public static SinkRecord Result(string topic, TdaWindowContext context, TdaWindowOutcome outcome) =>
        new(topic, context.Key, Write(json =>
        {
            if (outcome.Result is not { } result)
            {
                json.WriteBoolean("error", true);
                json.WriteString("error_type", outcome.ErrorType);
                json.WriteString("error_message", outcome.ErrorMessage);
                json.WriteString("result_id", context.Key);
                json.WriteString("stream_id", context.StreamId);
                json.WriteString("algorithm", outcome.Algorithm);
                json.WriteNumber("num_points", context.Window.Points.Count);
                WindowMetadata(json, context);
                StreamProcessing(json, context);
                json.WriteString("timestamp", Iso(context.Now));
                return;
            }

            json.WriteString("result_id", context.Key);
            json.WriteString("stream_id", context.StreamId);
            json.WriteStartArray("persistence_pairs");
            foreach (var pair in result.Pairs)
            {
                json.WriteStartObject();
                json.WriteNumber("dimension", pair.Dimension);
                json.WriteNumber("birth", pair.Birth);
                if (pair.IsEssential)
                {
                    json.WriteNull("death");
                }
                else
                {
                    json.WriteNumber("death", pair.Death);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("betti_numbers");
            foreach (var betti in result.BettiNumbers)
            {
                json.WriteNumberValue(betti);
            }

            json.WriteEndArray();
            json.WriteNumber("computation_time_ms", Math.Round(outcome.Elapsed.TotalMilliseconds, 3));
            json.WriteString("algorithm", result.Algorithm);
            json.WriteNumber("num_points", result.NumPoints);
            json.WriteNumber("input_points", result.InputPoints);
            json.WriteBoolean("subsampled", result.Subsampled);
            json.WriteString("timestamp", Iso(context.Now));
            WindowMetadata(json, context);
            StreamProcessing(json, context);
        }));

    /// <summary>The seed's <c>computation_metrics</c> record of a window, for <c>tda_monitoring</c>.</summary>
    public static SinkRecord ComputationMetrics(string topic, TdaWindowContext context, TdaWindowOutcome outcome) =>
        new(topic, context.Key, Write(json =>
        {
            json.WriteString("type", "computation_metrics");
            json.WriteString("timestamp", Iso(context.Now));
            json.WriteString("stream_id", context.StreamId);
            json.WriteStartObject("metrics");
            json.WriteString("algorithm", outcome.Algorithm);
            json.WriteNumber("computation_time_ms", Math.Round(outcome.Elapsed.TotalMilliseconds, 3));
            json.WriteNumber("num_points", outcome.Result?.NumPoints ?? context.Window.Points.Count);
            json.WriteNumber("num_persistence_pairs", outcome.Result?.Pairs.Count ?? 0);
            json.WriteString("window_id", context.WindowId);
            json.WriteBoolean("error", outcome.IsError);
            json.WriteEndObject();
        }));

    /// <summary>The periodic job report of a stream (the seed's metrics reporter), for <c>tda_monitoring</c>.</summary>
    public static SinkRecord Report(string topic, string streamId, TdaCounters interval, TdaCounters total, long intervalStart, DateTimeOffset now, TdaOptions options)
    {
        var seconds = Math.Max(0.001, (now.ToUnixTimeMilliseconds() - intervalStart) / 1000.0);
        var processed = interval.WindowsComputed + interval.WindowsFailed;
        var key = string.Create(CultureInfo.InvariantCulture, $"{streamId}|report|{intervalStart}");
        return new(topic, key, Write(json =>
        {
            json.WriteString("type", "job_report");
            json.WriteString("timestamp", Iso(now));
            json.WriteString("job_name", JobName);
            json.WriteString("stream_id", streamId);
            json.WriteString("interval_start", Iso(DateTimeOffset.FromUnixTimeMilliseconds(intervalStart)));
            json.WriteNumber("interval_seconds", Math.Round(seconds, 3));
            json.WriteStartObject("metrics");
            json.WriteNumber("windows_per_second", processed / seconds);
            json.WriteNumber("points_per_second", interval.PointsReceived / seconds);
            json.WriteNumber("avg_computation_time", interval.ComputationMs / 1000.0 / Math.Max(1, interval.WindowsComputed));
            json.WriteNumber("avg_computation_time_ms", interval.ComputationMs / Math.Max(1, interval.WindowsComputed));
            json.WriteNumber("error_rate", interval.WindowsFailed / (double)Math.Max(1, processed));
            Counts(json, interval);
            json.WriteEndObject();
            json.WriteStartObject("totals");
            Counts(json, total);
            json.WriteEndObject();
            json.WriteStartObject("system_info");
            json.WriteString("window_type", options.Window.Type.ToString());
            json.WriteString("time_mode", options.Window.TimeMode.ToString());
            json.WriteString("default_algorithm", options.DefaultAlgorithm);
            json.WriteNumber("processor_count", Environment.ProcessorCount);
            json.WriteEndObject();
        }));
    }

    private static void Counts(Utf8JsonWriter json, TdaCounters counters)
    {
        json.WriteNumber("windows_processed", counters.WindowsComputed + counters.WindowsFailed);
        json.WriteNumber("windows_computed", counters.WindowsComputed);
        json.WriteNumber("windows_failed", counters.WindowsFailed);
        json.WriteNumber("windows_skipped", counters.WindowsSkipped);
        json.WriteNumber("events_processed", counters.EventsApplied);
        json.WriteNumber("events_filtered", counters.EventsFiltered);
        json.WriteNumber("events_rejected", counters.EventsRejected);
        json.WriteNumber("events_late", counters.EventsLate);
        json.WriteNumber("points_processed", counters.PointsReceived);
    }

    private static void WindowMetadata(Utf8JsonWriter json, TdaWindowContext context)
    {
        json.WriteStartObject("window_metadata");
        json.WriteNumber("window_start", context.Window.Start);
        json.WriteNumber("window_end", context.Window.End);
        json.WriteNumber("event_count", context.Window.EventCount);
        json.WriteEndObject();
    }

    private static void StreamProcessing(Utf8JsonWriter json, TdaWindowContext context)
    {
        json.WriteStartObject("stream_processing");
        json.WriteString("window_id", context.WindowId);
        json.WriteNumber("processing_time", context.Now.ToUnixTimeMilliseconds());
        if (context.Watermark is { } watermark)
        {
            json.WriteNumber("watermark", watermark);
        }
        else
        {
            json.WriteNull("watermark");
        }

        json.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, JsonRecords.WriterOptions))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Iso(DateTimeOffset time) => EventTimes.ToIso(time.ToUnixTimeMilliseconds());
}

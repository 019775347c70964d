using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Grains.Tests;

/// <summary>Runs a job's key state as a key grain does, without a cluster.</summary>
internal static class JobHarness
{
    public static JobRuntime Runtime(IStreamJob job, ProcessingOptions? processing = null, AnalyticsTopics? topics = null) =>
        new JobCatalog([("test-job", job)], JobDefaults.From(processing ?? new ProcessingOptions(), topics ?? new AnalyticsTopics())).Jobs.Single();

    /// <summary>A delivery of single inputs of partition 0, one per offset.</summary>
    public static KeyDelivery Inputs<T>(params KeyedInput<T>[] inputs) =>
        new(0, inputs.Min(i => i.Offset), inputs.Max(i => i.Offset), 0, null, new KeyedInputs<T>([.. inputs]));

    /// <summary>Applies every input (as new) and returns what the key state produced.</summary>
    public static KeyOutput Apply(this IKeyState state, KeyDelivery delivery)
    {
        var output = new KeyOutput { Now = DateTimeOffset.UnixEpoch };
        state.Apply(delivery, applyPartials: true, _ => true, output);
        return output;
    }

    /// <summary>Advances the watermark and returns what is due.</summary>
    public static KeyOutput AdvanceTo(this IKeyState state, long watermark)
    {
        var output = new KeyOutput { Now = DateTimeOffset.UnixEpoch };
        state.Advance(watermark, output);
        return output;
    }

    /// <summary>Parses an <c>analytics_events</c> value with the pipeline's parser.</summary>
    public static bool Parse(KafkaRecord record, out AnalyticsEvent parsed, out string errorType, out string? error)
    {
        var ok = Jobs.Analytics.AnalyticsEventParser.TryParse(record.Value, record.Key is null ? default : System.Text.Encoding.UTF8.GetBytes(record.Key), out parsed, out var failure);
        errorType = failure.ErrorType;
        error = ok ? null : failure.Reason;
        return ok;
    }
}

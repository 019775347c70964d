using System.Buffers;
using System.Text.Json;
using Orleans.Analytics.Core.Windows;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs;

/// <summary>
/// A job whose per-key state is a window operator from <c>Orleans.Analytics.Core</c>: subclasses say which
/// operator (window and aggregate), what an event contributes, and how an emission becomes a record.
/// </summary>
/// <remarks>
/// A <see cref="EmissionKind.Retraction"/> (a superseded session) becomes a tombstone: its <see cref="ResultKey"/> with
/// a null value, so a consumer keeping the latest record per key holds only live sessions.
/// </remarks>
/// <typeparam name="TAccumulator">The aggregate's state; persisted as JSON, so plain settable properties.</typeparam>
/// <typeparam name="TResult">The aggregate's result.</typeparam>
public abstract class WindowedJob<TAccumulator, TResult> : IAnalyticsJob
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string SinkTopic { get; }

    /// <inheritdoc />
    public virtual bool CoPartitioned => false;

    /// <inheritdoc />
    public abstract void SelectKeys(AnalyticsEvent analyticsEvent, ICollection<string> keys);

    /// <inheritdoc />
    public IJobKeyState CreateState() => new State(this, CreateOperator());

    /// <summary>The operator of one key.</summary>
    protected abstract IKeyedWindowOperator<string, AnalyticsEvent, TAccumulator, TResult> CreateOperator();

    /// <summary>Writes the result record's fields (the object is opened and closed by the caller).</summary>
    protected abstract void WriteResult(Utf8JsonWriter json, WindowEmission<string, TResult> emission);

    /// <summary>
    /// The result's Kafka key; default <c>key|window_start</c>. It must derive from the key and window alone: for a
    /// retraction it names the superseded result, and the emission carries no result.
    /// </summary>
    protected virtual string ResultKey(WindowEmission<string, TResult> emission) => ResultKeys.For(emission.Key, emission.Window);

    private SinkRecord ToRecord(WindowEmission<string, TResult> emission)
    {
        if (emission.Kind == EmissionKind.Retraction)
        {
            return new SinkRecord(SinkTopic, ResultKey(emission), null);
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, JsonRecords.WriterOptions))
        {
            json.WriteStartObject();
            WriteResult(json, emission);
            json.WriteNumber("revision", emission.Revision);
            json.WriteEndObject();
        }

        return new SinkRecord(SinkTopic, ResultKey(emission), buffer.WrittenSpan.ToArray());
    }

    private sealed class State(WindowedJob<TAccumulator, TResult> job, IKeyedWindowOperator<string, AnalyticsEvent, TAccumulator, TResult> windows) : IJobKeyState
    {
        private readonly List<WindowEmission<string, TResult>> _emissions = [];

        public int OpenWindows => windows.WindowCount;

        public EventOutcome Add(string key, AnalyticsEvent analyticsEvent) => windows.OnEvent(key, analyticsEvent.EventTime, analyticsEvent);

        public void Advance(string key, long watermark, ICollection<JobResult> output)
        {
            _emissions.Clear();
            windows.AdvanceWatermark(watermark, _emissions);
            foreach (var emission in _emissions)
            {
                // A tombstone closes no window, so it stays out of the close-latency measurement.
                var windowEnd = emission.Kind == EmissionKind.Retraction ? long.MinValue : emission.Window.End;
                output.Add(new JobResult(job.ToRecord(emission), windowEnd));
            }
        }

        public byte[] Save() => JsonSerializer.SerializeToUtf8Bytes(windows.Snapshot());

        public void Load(byte[] saved)
        {
            var snapshot = JsonSerializer.Deserialize<WindowOperatorSnapshot<string, TAccumulator>>(saved)
                ?? throw new InvalidOperationException($"The saved state of job {job.Name} is empty.");
            windows.Restore(snapshot);
        }
    }
}

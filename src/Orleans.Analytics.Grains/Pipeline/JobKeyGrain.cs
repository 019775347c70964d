using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Core.Windows;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Pipeline;

/// <summary>
/// One job's state for one grouping key (grain key <c>job|key</c>). Events are applied at most once per
/// (partition, offset) and made durable before the call returns. While windows are held, a timer closes what the
/// job watermark passed, and a reminder brings the grain back if its silo dies; emitting a window and recording
/// it as emitted happen in that order, so a crash between them re-emits the same record under the same key.
/// </summary>
[GrainType("job-key")]
internal sealed partial class JobKeyGrain(
    [PersistentState("job-key")] IPersistentState<JobKeyGrainState> state,
    AnalyticsJobCatalog catalog,
    IKafkaSink sink,
    WatermarkView watermark,
    IOptions<AnalyticsTopics> topics,
    IOptions<ProcessingOptions> processing,
    TimeProvider time,
    ILogger<JobKeyGrain> logger) : Grain, IJobKeyGrain, IRemindable
{
    private const string WakeUp = "close-windows";
    private readonly List<SinkRecord> _output = [];
    private IAnalyticsJob _job = null!;
    private IJobKeyState _state = null!;
    private string _key = null!;
    private IGrainTimer? _timer;
    private bool _reminderSet;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKeyString();
        var separator = id.IndexOf('|', StringComparison.Ordinal);
        _job = catalog.Get(id[..separator]);
        _key = id[(separator + 1)..];
        _state = _job.CreateState();
        if (state.State.Saved is { } saved)
        {
            _state.Load(saved);
        }

        await UpdateWakeUpsAsync();
    }

    public async Task ApplyAsync(int partition, IReadOnlyList<AnalyticsEvent> events)
    {
        var last = state.State.LastApplied.TryGetValue(partition, out var applied) ? applied : -1;
        List<SinkRecord>? late = null;
        var changed = false;
        foreach (var analyticsEvent in events)
        {
            if (analyticsEvent.Offset <= last)
            {
                continue;
            }

            last = analyticsEvent.Offset;
            changed = true;
            var outcome = _state.Add(_key, analyticsEvent);
            if (outcome.Status == EventStatus.TooLate)
            {
                (late ??= []).Add(LateRecord(analyticsEvent, outcome.Reason!));
            }
        }

        if (!changed)
        {
            return;
        }

        if (late is not null)
        {
            await sink.ProduceAllAsync(late);
        }

        state.State.LastApplied[partition] = last;
        state.State.Saved = _state.Save();
        await WriteAsync();
        await UpdateWakeUpsAsync();
    }

    public async Task AdvanceAsync()
    {
        var current = await watermark.RefreshAsync();
        await AdvanceToAsync(current);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminderSet = true;
        await AdvanceAsync();
    }

    // A write refused for a stale ETag means another activation moved the state on (this one's silo was declared
    // dead): drop this activation so the caller's retry reaches one that loaded the current state.
    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private Task OnTimerAsync() => AdvanceToAsync(watermark.Current);

    private async Task AdvanceToAsync(long current)
    {
        _output.Clear();
        _state.Advance(_key, current, _output);
        if (_output.Count > 0)
        {
            await sink.ProduceAllAsync(_output);
            state.State.Saved = _state.Save();
            await WriteAsync();
        }

        await UpdateWakeUpsAsync();
    }

    // While windows are held, a timer (which keeps the grain active) closes them, and a reminder stands in for the
    // timer if the silo dies; once none are held, both go and the grain may deactivate like any idle grain.
    private async Task UpdateWakeUpsAsync()
    {
        if (_state.OpenWindows > 0)
        {
            _timer ??= this.RegisterGrainTimer(
                static (grain, _) => grain.OnTimerAsync(),
                this,
                new GrainTimerCreationOptions { DueTime = processing.Value.TimerInterval, Period = processing.Value.TimerInterval, KeepAlive = true, Interleave = false });
            if (!_reminderSet)
            {
                await this.RegisterOrUpdateReminder(WakeUp, processing.Value.RecoveryInterval, processing.Value.RecoveryInterval);
                _reminderSet = true;
            }

            return;
        }

        _timer?.Dispose();
        _timer = null;
        if (_reminderSet)
        {
            if (await this.GetReminder(WakeUp) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminderSet = false;
        }
    }

    private SinkRecord LateRecord(AnalyticsEvent analyticsEvent, string reason)
    {
        LogLate(_job.Name, _key, analyticsEvent.Partition, analyticsEvent.Offset, reason);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, JsonRecords.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("job", _job.Name);
            json.WriteString("key", _key);
            json.WriteString("reason", reason);
            json.WriteString("event_id", analyticsEvent.EventId);
            json.WriteString("event_time", EventTimes.ToIso(analyticsEvent.EventTime));
            json.WriteString("topic", topics.Value.Events);
            json.WriteNumber("partition", analyticsEvent.Partition);
            json.WriteNumber("offset", analyticsEvent.Offset);
            json.WriteString("late_at", time.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return new SinkRecord(topics.Value.LateEvents, $"{_job.Name}|{topics.Value.Events}/{analyticsEvent.Partition}/{analyticsEvent.Offset}", buffer.WrittenSpan.ToArray());
    }

    [LoggerMessage(2200, LogLevel.Debug, "{Job} key {Key}: record {Partition}/{Offset} is too late: {Reason}")]
    private partial void LogLate(string job, string key, int partition, long offset, string reason);
}

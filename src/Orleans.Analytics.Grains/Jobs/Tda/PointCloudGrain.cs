using Microsoft.Extensions.Options;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Keys;
using Orleans.Streams.Core;

namespace Orleans.Analytics.Jobs.Tda;

/// <summary>
/// The streaming TDA job for one point-cloud stream (grain key: the <c>stream_id</c>). Events of <c>tda_events</c>
/// and <c>tda_jobs</c> are filtered, their points gathered in windows, and each closed window's persistence diagram
/// (or an error record) written to <c>tda_results</c> with its metrics on <c>tda_monitoring</c>.
/// </summary>
/// <remarks>
/// <para>Effectively once: a record is applied at most once per (topic, partition, offset), and a batch is
/// acknowledged only after the windows it changed are durable, so a redelivered batch is skipped and the points of
/// open windows survive a crash. Records are keyed <c>stream_id|window_id</c>; a window re-emitted after a crash
/// (count windows, event-time windows) carries the same key.</para>
/// <para>A computation runs on the thread pool, bounded by <see cref="TdaOptions.Timeout"/>; meanwhile the grain
/// still answers <see cref="GetStatsAsync"/>.</para>
/// </remarks>
[ImplicitStreamSubscription(TdaStreams.Events)]
[ImplicitStreamSubscription(TdaStreams.Jobs)]
[GrainType("tda-point-cloud")]
internal sealed partial class PointCloudGrain(
    [PersistentState("tda-point-cloud")] IPersistentState<PointCloudGrainState> state,
    IKafkaSink sink,
    IOptions<TdaOptions> options,
    IOptions<TdaTopics> topics,
    Pipeline.PipelineInstruments instruments,
    TimeProvider time,
    ILogger<PointCloudGrain> logger)
    : Grain, IPointCloudGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<KafkaRecord>, IRemindable
{
    private const string Recovery = "tda-recovery";
    // Past the timeout, the grain stops waiting even if the computation ignores its cancellation.
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
    private readonly TdaWindowBook _book = new(options.Value.Window);
    private string _streamId = null!;
    private WakeUps _wakeUps = null!;
    private bool _computing;
    private long _lastArrival;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _streamId = this.GetPrimaryKeyString();
        _lastArrival = time.GetUtcNow().ToUnixTimeMilliseconds();
        _wakeUps = new WakeUps(this, Recovery, options.Value.TimerInterval, TimeSpan.FromMinutes(1), OnTimerAsync);
        await _wakeUps.UpdateAsync(NeedsWaking);
    }

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<KafkaRecord>().ResumeAsync(this);

    public Task<PointCloudStats> GetStatsAsync()
    {
        var total = state.State.Total;
        return Task.FromResult(new PointCloudStats(
            total.EventsApplied, total.EventsFiltered, total.EventsRejected, total.PointsReceived,
            total.WindowsComputed, total.WindowsSkipped, total.WindowsFailed, state.State.Windows.Count, _computing));
    }

    public async Task OnNextAsync(IList<SequentialItem<KafkaRecord>> items)
    {
        try
        {
            var now = time.GetUtcNow();
            var nowMs = now.ToUnixTimeMilliseconds();
            var current = state.State;
            var closed = new List<TdaWindow>();
            var records = new List<SinkRecord>();
            var changed = false;
            foreach (var item in items)
            {
                var record = item.Item;
                var source = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{record.Topic}/{record.Partition}");
                if (!AppliedOffsets<string>.Over(current.LastApplied).TryApply(source, record.Offset))
                {
                    continue;
                }

                changed = true;
                if (current.Interval.IsEmpty)
                {
                    current.IntervalStart = nowMs;
                }

                Apply(record, now, closed, records);
            }

            if (!changed)
            {
                return;
            }

            _lastArrival = nowMs;
            if (_book.EventTime)
            {
                _book.CloseDue(current, _book.Clock(current, nowMs), closed);
            }

            await ComputeAsync(closed, records);
            await sink.ProduceAllAsync(records);
            await state.WriteStateAsync();
        }
        catch
        {
            // The in-memory state may be ahead of the durable one: the next activation reloads it.
            DeactivateOnIdle();
            throw;
        }

        await _wakeUps.UpdateAsync(NeedsWaking);
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    private void Apply(KafkaRecord record, DateTimeOffset now, List<TdaWindow> closed, List<SinkRecord> records)
    {
        var current = state.State;
        switch (TdaEventParser.Parse(record, out var parsed, out var error))
        {
            case TdaParseStatus.Filtered:
                Count(c => c.EventsFiltered++);
                LogFiltered(_streamId, record.Origin);
                return;

            case TdaParseStatus.Invalid:
                Count(c => c.EventsRejected++);
                LogRejected(_streamId, record.Origin, error!);
                records.Add(DeadLetterRecords.Create(topics.Value.DeadLetters, record, KafkaErrorTypes.ValidationError, error!, now));
                return;
        }

        var eventTime = _book.EventTime ? parsed!.EventTimeMs : now.ToUnixTimeMilliseconds();
        if (_book.EventTime)
        {
            current.MaxEventTime = Math.Max(current.MaxEventTime, eventTime);
        }

        if (!_book.Add(current, parsed!, eventTime, closed))
        {
            Count(c => c.EventsLate++);
            LogLate(_streamId, record.Origin, eventTime);
            return;
        }

        var points = parsed!.Points.Count;
        Count(c =>
        {
            c.EventsApplied++;
            c.PointsReceived += points;
        });
    }

    private async Task ComputeAsync(List<TdaWindow> closed, List<SinkRecord> records)
    {
        var type = options.Value.Window.Type;
        foreach (var window in closed)
        {
            var windowId = window.Id(type);
            if (window.Points.Count < 3)
            {
                Count(c => c.WindowsSkipped++);
                LogSkipped(_streamId, windowId, window.Points.Count);
                continue;
            }

            var outcome = await RunAsync(window.Points, window.Algorithm ?? options.Value.DefaultAlgorithm);
            instruments.TdaComputation.Record(outcome.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("algorithm", outcome.Algorithm));
            var watermark = _book.EventTime ? _book.Clock(state.State, 0) : (long?)null;
            var context = new TdaWindowContext(_streamId, windowId, window, time.GetUtcNow(), watermark);
            records.Add(TdaRecords.Result(topics.Value.Results, context, outcome));
            records.Add(TdaRecords.ComputationMetrics(topics.Value.Monitoring, context, outcome));
            if (outcome.Result is { } result)
            {
                Count(c =>
                {
                    c.WindowsComputed++;
                    c.PointsComputed += result.NumPoints;
                    c.ComputationMs += outcome.Elapsed.TotalMilliseconds;
                });
                LogComputed(_streamId, windowId, result.NumPoints, result.Pairs.Count, outcome.Elapsed.TotalMilliseconds);
            }
            else
            {
                Count(c => c.WindowsFailed++);
                LogFailed(_streamId, windowId, outcome.ErrorType!, outcome.ErrorMessage!);
            }
        }
    }

    // The computation leaves the grain's scheduler; awaiting it keeps the turn without blocking a thread.
    private async Task<TdaWindowOutcome> RunAsync(IReadOnlyList<double[]> points, string algorithm)
    {
        var settings = options.Value;
        using var cancellation = new CancellationTokenSource(settings.Timeout, time);
        var token = cancellation.Token;
        var work = Task.Run(() => TdaComputation.Compute(points, algorithm, settings, token), CancellationToken.None);
        _computing = true;
        try
        {
            return await work.WaitAsync(settings.Timeout + Grace, time);
        }
        catch (TimeoutException)
        {
            await cancellation.CancelAsync();
            return TdaWindowOutcome.Failed(algorithm, "TIMEOUT", TdaComputation.TimeoutMessage(settings), settings.Timeout + Grace);
        }
        finally
        {
            _computing = false;
        }
    }

    private async Task OnTimerAsync()
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var current = state.State;
        var closed = new List<TdaWindow>();
        if (!_book.EventTime)
        {
            _book.CloseDue(current, nowMs, closed);
        }
        else if (nowMs - _lastArrival >= (long)settings.Window.IdleTimeout.TotalMilliseconds)
        {
            _book.CloseAll(current, closed);
        }

        var reportDue = !current.Interval.IsEmpty && nowMs - current.IntervalStart >= (long)settings.ReportInterval.TotalMilliseconds;
        if (closed.Count > 0 || reportDue)
        {
            try
            {
                var records = new List<SinkRecord>();
                await ComputeAsync(closed, records);
                if (reportDue)
                {
                    records.Add(TdaRecords.Report(topics.Value.Monitoring, _streamId, current.Interval, current.Total, current.IntervalStart, time.GetUtcNow(), settings));
                    current.Interval = new TdaCounters();
                    current.IntervalStart = nowMs;
                }

                await sink.ProduceAllAsync(records);
                await state.WriteStateAsync();
            }
            catch (Exception ex)
            {
                LogTimerFailed(_streamId, ex.Message);
                DeactivateOnIdle();
                throw;
            }
        }

        await _wakeUps.UpdateAsync(NeedsWaking);
    }

    private void Count(Action<TdaCounters> change)
    {
        change(state.State.Total);
        change(state.State.Interval);
    }

    // A reminder brings the grain back if its silo dies while time windows are open or a report is pending; a timer
    // (keeping the grain active) runs meanwhile. Then the grain may go idle.
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await _wakeUps.UpdateAsync(NeedsWaking);
        await _wakeUps.OnReminderAsync(() => NeedsWaking);
    }

    private bool NeedsWaking =>
        (state.State.Windows.Count > 0 && options.Value.Window.Type != TdaWindowType.Count) || !state.State.Interval.IsEmpty;

    [LoggerMessage(2600, LogLevel.Debug, "TDA stream {StreamId}: record {Origin} is not a TDA event and was filtered")]
    private partial void LogFiltered(string streamId, string origin);

    [LoggerMessage(2601, LogLevel.Warning, "TDA stream {StreamId}: record {Origin} was dead-lettered: {Reason}")]
    private partial void LogRejected(string streamId, string origin, string reason);

    [LoggerMessage(2602, LogLevel.Debug, "TDA stream {StreamId}: record {Origin} at {EventTime} is later than its windows and was dropped")]
    private partial void LogLate(string streamId, string origin, long eventTime);

    [LoggerMessage(2603, LogLevel.Information, "TDA stream {StreamId}: window {WindowId} has {Points} points, fewer than 3, and was skipped")]
    private partial void LogSkipped(string streamId, string windowId, int points);

    [LoggerMessage(2604, LogLevel.Information, "TDA stream {StreamId}: window {WindowId} computed: {Points} points, {Pairs} persistence pairs in {Milliseconds:F1} ms")]
    private partial void LogComputed(string streamId, string windowId, int points, int pairs, double milliseconds);

    [LoggerMessage(2605, LogLevel.Warning, "TDA stream {StreamId}: window {WindowId} failed ({ErrorType}): {Message}")]
    private partial void LogFailed(string streamId, string windowId, string errorType, string message);

    [LoggerMessage(2606, LogLevel.Warning, "TDA stream {StreamId}: closing windows or reporting failed; the activation will reload its state: {Reason}")]
    private partial void LogTimerFailed(string streamId, string reason);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Analytics.Kafka.Diagnostics;
using Orleans.Analytics.Kafka.Native;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// One Kafka consumer per consumer group in the silo, and the thread that owns its control calls: assigning and
/// releasing the partitions Orleans' queue balancer gives this silo, seeking them back for a rewind, committing what
/// their readers completed, serving librdkafka's callbacks and measuring lag. Records are not read here: each
/// partition's reader takes them from the partition's own librdkafka queue.
/// </summary>
/// <remarks>Partitions are assigned explicitly (no group subscription), so a consumer group's session timeout plays
/// no part: a partition moves only when Orleans' balancer moves its queue.</remarks>
internal sealed partial class KafkaConsumerPump : IDisposable
{
    private const int PollTimeoutMs = 50;

    /// <summary>How long a caught-up partition's end, as last confirmed by its broker, counts as current at least.</summary>
    internal static readonly TimeSpan EndConfirmationAge = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a confirmed end counts as current: <see cref="EndConfirmationAge"/>, or twice the last round of
    /// confirmations when that took longer (many partitions, a slow broker), so that every partition of a round can
    /// be current at once; while brokers do not answer, no end is confirmed at all.
    /// </summary>
    internal TimeSpan EndConfirmationWindow
    {
        get
        {
            var round = TimeSpan.FromTicks(Volatile.Read(ref _confirmRoundTicks) * 2);
            return round > EndConfirmationAge ? round : EndConfirmationAge;
        }
    }

    private static readonly TimeSpan EndQueryTimeout = TimeSpan.FromSeconds(1);

    private readonly NativeConsumer _consumer;
    private readonly ConcurrentQueue<Action> _commands = new();
    private readonly ConcurrentQueue<(PartitionFeed Feed, TaskCompletionSource Done)> _assigns = new();
    private readonly ConcurrentQueue<(PartitionFeed Feed, TaskCompletionSource Done)> _commitsNow = new();
    private readonly Dictionary<(string Topic, int Partition), PartitionFeed> _feeds = [];
    private readonly KafkaStreamOptions _options;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private Task _confirming = Task.CompletedTask;
    private long _confirmRoundTicks;

    private readonly Func<string, int, bool> _addedWhileRunning;
    private readonly TimeProvider _time;

    private readonly KafkaInstruments _instruments;

    public KafkaConsumerPump(string groupId, KafkaStreamOptions options, KafkaInstruments instruments, ILogger logger, Func<string, int, bool>? addedWhileRunning = null, TimeProvider? time = null)
    {
        _instruments = instruments;
        _time = time ?? TimeProvider.System;
        _addedWhileRunning = addedWhileRunning ?? ((_, _) => false);
        _options = options;
        _logger = logger;
        GroupId = groupId;
        var config = KafkaClientConfig.Consumer(options, groupId);
        // Each partition queue holds at most this many prefetched records; past it librdkafka stops fetching the
        // partition until its reader catches up (the provider's back-pressure).
        config.QueuedMinMessages = options.PartitionBufferSize;
        _consumer = new NativeConsumer(config);
        _thread = new Thread(Run) { IsBackground = true, Name = $"kafka-consumer:{groupId}" };
        _thread.Start();
    }

    public string GroupId { get; }

    /// <summary>
    /// Reads the partition's committed offset and metadata, opens its queue and starts fetching from that offset, or
    /// with none from the startup mode's end; a partition added while the silo ran starts from its beginning, since
    /// every record in it was written after the silo started (as Kafka Streams does), so none is skipped. Partitions
    /// assigned together share one request for their committed offsets.
    /// </summary>
    public Task AssignAsync(PartitionFeed feed) => Enqueue(_assigns, feed);

    /// <summary>Commits what the reader completed, stops fetching the partition and closes its queue.</summary>
    public Task ReleaseAsync(PartitionFeed feed) => Enqueue(() =>
    {
        if (_feeds.Remove((feed.Topic, feed.Partition)))
        {
            Commit([feed]);
            _consumer.Unassign(feed.Topic, feed.Partition);
            feed.Queue?.Dispose();
            _instruments.Untrack(feed.Gauge);
            LogReleased(feed.Topic, feed.Partition, feed.LastCommitted.Offset);
        }
    });

    /// <summary>Moves the partition's fetch position to <paramref name="offset"/>; what was fetched before is discarded.</summary>
    public Task SeekAsync(PartitionFeed feed, long offset) => Enqueue(() =>
    {
        if (_feeds.ContainsKey((feed.Topic, feed.Partition)))
        {
            _consumer.Seek(feed.Topic, feed.Partition, offset >= 0 ? offset : Librdkafka.OffsetStored);
        }
    });

    /// <summary>The end (high watermark) of any partition, asked of its leader off the consumer thread; throws if no broker answers within <see cref="KafkaStreamOptions.MetadataTimeout"/>.</summary>
    public Task<long> QueryEndAsync(string topic, int partition) => Task.Run(() =>
        _consumer.QueryWatermarks(topic, partition, _options.MetadataTimeout)?.High
            ?? throw new KafkaSetupException($"The end of {topic}[{partition}] is not known: no broker answered within {_options.MetadataTimeout}."));

    /// <summary>Commits the partition's target now (with others asked for meanwhile, in one request); fails if Kafka refuses it.</summary>
    public Task CommitNowAsync(PartitionFeed feed) => Enqueue(_commitsNow, feed);

    /// <summary>Commits every partition's target now.</summary>
    public Task CommitNowAsync() => Enqueue(() => Commit(_feeds.Values));

    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(30));
        _consumer.Dispose();
        _stop.Dispose();
    }

    private Task Enqueue(Action command)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_stop.IsCancellationRequested)
        {
            done.SetException(new ObjectDisposedException(nameof(KafkaConsumerPump)));
            return done.Task;
        }

        _commands.Enqueue(() =>
        {
            try
            {
                command();
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return done.Task;
    }

    private void Run()
    {
        var nextCommit = Stopwatch.GetTimestamp();
        var nextLag = nextCommit;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                RunCommands();
                _consumer.Poll(_commands.IsEmpty && _assigns.IsEmpty && _commitsNow.IsEmpty ? PollTimeoutMs : 0);
                _consumer.DrainEvents(Log);
                var now = Stopwatch.GetTimestamp();
                if (now >= nextCommit)
                {
                    Commit(_feeds.Values);
                    nextCommit = now + (long)(_options.CommitInterval.TotalSeconds * Stopwatch.Frequency);
                }

                if (now >= nextLag)
                {
                    UpdateLag();
                    nextLag = now + Stopwatch.Frequency;
                }
            }
            catch (Exception ex) when (!_stop.IsCancellationRequested)
            {
                LogPollFailed(ex, GroupId);
                Thread.Sleep(200);
            }
        }

        try
        {
            RunCommands();
            Commit(_feeds.Values);
            _consumer.DrainEvents(Log);
            _confirming.Wait(EndQueryTimeout * Math.Max(1, _feeds.Count));
        }
        catch (ObjectDisposedException)
        {
            // Dispose stopped waiting for this thread and closed the consumer: what was not committed is read again.
        }
    }

    private Task Enqueue(ConcurrentQueue<(PartitionFeed, TaskCompletionSource)> queue, PartitionFeed feed)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_stop.IsCancellationRequested)
        {
            done.SetException(new ObjectDisposedException(nameof(KafkaConsumerPump)));
            return done.Task;
        }

        queue.Enqueue((feed, done));
        return done.Task;
    }

    private void RunCommands()
    {
        RunAssigns();
        while (_commands.TryDequeue(out var command))
        {
            command();
        }

        RunCommitsNow();
    }

    private void RunAssigns()
    {
        var batch = Drain(_assigns);
        if (batch is null)
        {
            return;
        }

        try
        {
            var committed = _consumer.Committed([.. batch.Select(b => (b.Feed.Topic, b.Feed.Partition))], _options.MetadataTimeout);
            for (var i = 0; i < batch.Count; i++)
            {
                var (feed, done) = batch[i];
                try
                {
                    feed.CommittedAtStart = committed[i];
                    feed.LastCommitted = (committed[i].Offset, committed[i].Metadata);
                    feed.Gauge.Committed = committed[i].Offset;
                    feed.Queue = _consumer.OpenPartitionQueue(feed.Topic, feed.Partition);
                    _feeds[(feed.Topic, feed.Partition)] = feed;
                    var start = committed[i].Offset >= 0 ? committed[i].Offset
                        : _addedWhileRunning(feed.Topic, feed.Partition) ? Librdkafka.OffsetBeginning
                        : Librdkafka.OffsetStored;
                    _consumer.Assign(feed.Topic, feed.Partition, start);
                    LogAssigned(feed.Topic, feed.Partition, GroupId, committed[i].Offset);
                    done.SetResult();
                }
                catch (Exception ex)
                {
                    done.SetException(ex);
                }
            }
        }
        catch (Exception ex)
        {
            foreach (var (_, done) in batch)
            {
                done.TrySetException(ex);
            }
        }
    }

    private void RunCommitsNow()
    {
        var batch = Drain(_commitsNow);
        if (batch is null)
        {
            return;
        }

        var failure = Commit(batch.Select(b => b.Feed).Distinct());
        foreach (var (feed, done) in batch)
        {
            if (failure is null)
            {
                done.SetResult();
            }
            else
            {
                done.SetException(new InvalidOperationException($"Committing {feed} for consumer group {GroupId} failed: {failure}"));
            }
        }
    }

    private static List<(PartitionFeed Feed, TaskCompletionSource Done)>? Drain(ConcurrentQueue<(PartitionFeed, TaskCompletionSource)> queue)
    {
        List<(PartitionFeed, TaskCompletionSource)>? batch = null;
        while (queue.TryDequeue(out var item))
        {
            (batch ??= []).Add(item);
        }

        return batch;
    }

    /// <summary>Commits every feed whose target moved; returns the failure, if any.</summary>
    private string? Commit(IEnumerable<PartitionFeed> feeds)
    {
        List<NativeOffset>? offsets = null;
        List<PartitionFeed>? changed = null;
        foreach (var feed in feeds)
        {
            var target = feed.Target;
            if (target.Offset >= 0 && (target.Offset != feed.LastCommitted.Offset || target.Metadata != feed.LastCommitted.Metadata))
            {
                (offsets ??= []).Add(new NativeOffset(feed.Topic, feed.Partition, target.Offset, target.Metadata));
                (changed ??= []).Add(feed);
            }
        }

        if (offsets is null)
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        var failure = _consumer.Commit(offsets);
        if (failure is not null)
        {
            _instruments.CommitFailures.Add(1);
            LogCommitFailed(failure, GroupId);
            return failure;
        }

        var took = Stopwatch.GetElapsedTime(started);
        var at = _time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 0; i < changed!.Count; i++)
        {
            changed[i].LastCommitted = (offsets[i].Offset, offsets[i].Metadata);
            changed[i].Gauge.Committed = offsets[i].Offset;
            changed[i].Gauge.LastCommitAt = at;
            changed[i].Gauge.LastCommitDurationMs = took.TotalMilliseconds;
        }

        _instruments.CommitDuration.Record(took.TotalSeconds);
        return null;
    }

    private void UpdateLag()
    {
        foreach (var feed in _feeds.Values)
        {
            var (low, high) = _consumer.CachedWatermarks(feed.Topic, feed.Partition);
            if (high < 0 && feed.Gauge.Position < 0)
            {
                // No fetch has answered yet (nothing to read so far, or no committed offset): ask the leader once a second.
                (low, high) = _consumer.QueryWatermarks(feed.Topic, feed.Partition, TimeSpan.FromMilliseconds(500)) ?? (-1, -1);
            }

            feed.Gauge.LowWatermark = low;
            feed.Gauge.HighWatermark = high;
            if (high >= 0 && feed.Gauge.Position >= 0)
            {
                feed.Gauge.Lag = Math.Max(0, high - feed.Gauge.Position) + (feed.Queue?.Length ?? 0);
            }
        }

        ConfirmEnds();
    }

    // The cached end of a partition comes from its last fetch response and stays as it was while no broker answers:
    // a partition read to that end looks caught up though records may be waiting. Ask the brokers for the ends of the
    // partitions that look caught up or whose lag is unknown (off this thread: an unreachable broker makes the query wait), so that only a
    // confirmed end lets a reader call its partition idle.
    private void ConfirmEnds()
    {
        if (!_confirming.IsCompleted)
        {
            return;
        }

        var caughtUp = _feeds.Values.Where(f => f.Gauge.Lag <= 0).ToArray();
        if (caughtUp.Length == 0)
        {
            return;
        }

        _confirming = Task.Run(() =>
        {
            try
            {
                // One query per partition (librdkafka has no many-partition form of it); a few at a time, so that a
                // round over many partitions stays short.
                var started = Stopwatch.GetTimestamp();
                Parallel.ForEach(caughtUp, new ParallelOptions { MaxDegreeOfParallelism = 8 }, feed =>
                {
                    if (!_stop.IsCancellationRequested && _consumer.QueryWatermarks(feed.Topic, feed.Partition, EndQueryTimeout) is not null)
                    {
                        feed.Gauge.HighWatermarkConfirmedAt = Stopwatch.GetTimestamp();
                    }
                });
                Volatile.Write(ref _confirmRoundTicks, Stopwatch.GetElapsedTime(started).Ticks);
            }
            catch (Exception ex)
            {
                // Unconfirmed ends only keep partitions from turning idle; the next round asks again.
                LogEndQueryFailed(ex, GroupId);
            }
        });
    }

    private void Log(NativeClientEvent item)
    {
        if (item.Kind == NativeClientEventKind.Error)
        {
            LogClientError(item.Text, GroupId);
            return;
        }

        var level = item.Code switch
        {
            <= 2 => LogLevel.Critical,
            3 => LogLevel.Error,
            4 => LogLevel.Warning,
            5 or 6 => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        if (_logger.IsEnabled(level))
        {
#pragma warning disable CA1848, CA2254 // librdkafka's own text, forwarded as it is.
            _logger.Log(level, "librdkafka {Facility} ({Client}): {Message}", item.Facility, _consumer.Name, item.Text);
#pragma warning restore CA1848, CA2254
        }
    }

    [LoggerMessage(1100, LogLevel.Information, "Reading {Topic}[{Partition}] for consumer group {GroupId} from committed offset {Committed}")]
    private partial void LogAssigned(string topic, int partition, string groupId, long committed);

    [LoggerMessage(1101, LogLevel.Information, "Released {Topic}[{Partition}] after committing offset {Offset}")]
    private partial void LogReleased(string topic, int partition, long offset);

    [LoggerMessage(1107, LogLevel.Warning, "Asking the brokers for the ends of the partitions of consumer group {GroupId} failed")]
    private partial void LogEndQueryFailed(Exception exception, string groupId);

    [LoggerMessage(1103, LogLevel.Warning, "Committing offsets for consumer group {GroupId} failed, will retry: {Reason}")]
    private partial void LogCommitFailed(string reason, string groupId);

    [LoggerMessage(1104, LogLevel.Warning, "Kafka consumer of group {GroupId}: {Reason}")]
    private partial void LogClientError(string reason, string groupId);

    [LoggerMessage(1106, LogLevel.Error, "The control loop of consumer group {GroupId} failed; it goes on")]
    private partial void LogPollFailed(Exception exception, string groupId);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Analytics.Kafka.Diagnostics;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// One Kafka consumer per consumer group in the silo, owned by a dedicated thread that polls it, feeds the
/// partitions assigned to this silo, pauses those whose buffer is full, and commits completed offsets.
/// Partitions are assigned explicitly (no group subscription): Orleans' queue balancer decides which silo reads
/// which partition. Every call into the consumer happens on the poll thread.
/// </summary>
internal sealed partial class KafkaConsumerPump : IDisposable
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(50);
    private const int RecordsPerWake = 2_048;

    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly ConcurrentQueue<Action> _commands = new();
    private readonly Dictionary<TopicPartition, PartitionFeed> _feeds = [];
    private readonly KafkaStreamOptions _options;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly ManualResetEventSlim _wake = new(false);

    public KafkaConsumerPump(string groupId, KafkaStreamOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        GroupId = groupId;
        var config = KafkaClientConfig.Consumer(options, groupId);
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetErrorHandler((_, error) => OnClientError(error))
            .SetLogHandler((_, message) => KafkaClientConfig.LogClientMessage(_logger, message))
            .Build();
        _thread = new Thread(Run) { IsBackground = true, Name = $"kafka-pump:{groupId}" };
        _thread.Start();
    }

    public string GroupId { get; }

    /// <summary>Starts reading a partition from its committed offset (or the startup mode's end without one).</summary>
    public Task AssignAsync(PartitionFeed feed) => Enqueue(() =>
    {
        _feeds[feed.TopicPartition] = feed;
        _consumer.IncrementalAssign([new TopicPartitionOffset(feed.TopicPartition, Offset.Unset)]);
        LogAssigned(feed.TopicPartition.Topic, feed.TopicPartition.Partition.Value, GroupId);
    });

    /// <summary>Stops reading a partition after committing what completed.</summary>
    public Task ReleaseAsync(PartitionFeed feed) => Enqueue(() =>
    {
        if (_feeds.Remove(feed.TopicPartition))
        {
            Commit([feed]);
            _consumer.IncrementalUnassign([feed.TopicPartition]);
            KafkaInstruments.Untrack(feed.Gauge);
            LogReleased(feed.TopicPartition.Topic, feed.TopicPartition.Partition.Value, feed.LastCommitted);
        }
    });

    /// <summary>Commits completed offsets of every partition now.</summary>
    public Task CommitNowAsync() => Enqueue(() => Commit(_feeds.Values));

    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _wake.Set();
        _thread.Join(TimeSpan.FromSeconds(30));
        _consumer.Dispose();
        _stop.Dispose();
        _wake.Dispose();
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
        _wake.Set();
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
                if (_feeds.Count == 0)
                {
                    _wake.Wait(TimeSpan.FromMilliseconds(100));
                    _wake.Reset();
                    continue;
                }

                Poll();
                ResumeDrained();

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
                _wake.Wait(TimeSpan.FromMilliseconds(200));
            }
        }

        RunCommands();
        Commit(_feeds.Values);
    }

    private void RunCommands()
    {
        while (_commands.TryDequeue(out var command))
        {
            command();
        }
    }

    private void Poll()
    {
        try
        {
            PollRecords();
        }
        finally
        {
            // Counted once per feed and poll rather than per record: the counter's cost is per call.
            foreach (var feed in _feeds.Values)
            {
                if (feed.UncountedReads > 0)
                {
                    KafkaInstruments.RecordsRead.Add(feed.UncountedReads, KafkaInstruments.Tags(feed.TopicPartition.Topic, feed.TopicPartition.Partition.Value));
                    feed.UncountedReads = 0;
                }
            }
        }
    }

    private void PollRecords()
    {
        var timeout = PollTimeout;
        for (var i = 0; i < RecordsPerWake; i++)
        {
            ConsumeResult<byte[]?, byte[]?>? result;
            try
            {
                result = _consumer.Consume(timeout);
            }
            catch (ConsumeException ex)
            {
                LogConsumeFailed(ex.Error.Reason, ex.ConsumerRecord?.TopicPartition?.ToString() ?? "?");
                return;
            }

            if (result is null || result.IsPartitionEOF)
            {
                return;
            }

            timeout = TimeSpan.Zero;
            if (!_feeds.TryGetValue(result.TopicPartition, out var feed))
            {
                // Released while the record was on its way; the partition's next reader fetches it again.
                continue;
            }

            feed.Add(result);
            feed.Gauge.Position = result.Offset.Value + 1;
            feed.UncountedReads++;
            if (feed.IsFull && !feed.Paused)
            {
                _consumer.Pause([feed.TopicPartition]);
                feed.Paused = true;
                KafkaInstruments.PartitionPauses.Add(1, KafkaInstruments.Tags(result.Topic, result.Partition.Value));
            }
        }
    }

    private void ResumeDrained()
    {
        foreach (var feed in _feeds.Values)
        {
            if (feed.Paused && feed.IsDrained)
            {
                _consumer.Resume([feed.TopicPartition]);
                feed.Paused = false;
            }
        }
    }

    private void Commit(IEnumerable<PartitionFeed> feeds)
    {
        List<TopicPartitionOffset>? offsets = null;
        foreach (var feed in feeds)
        {
            var committable = feed.Tracker.Committable;
            if (committable > feed.LastCommitted)
            {
                (offsets ??= []).Add(new TopicPartitionOffset(feed.TopicPartition, committable));
            }
        }

        if (offsets is null)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            _consumer.Commit(offsets);
            foreach (var offset in offsets)
            {
                if (_feeds.TryGetValue(offset.TopicPartition, out var feed) || TryFind(feeds, offset.TopicPartition, out feed))
                {
                    feed.LastCommitted = offset.Offset.Value;
                    feed.Gauge.Committed = offset.Offset.Value;
                }
            }

            KafkaInstruments.CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (KafkaException ex)
        {
            KafkaInstruments.CommitFailures.Add(1);
            LogCommitFailed(ex.Error.Reason, GroupId);
        }
    }

    private static bool TryFind(IEnumerable<PartitionFeed> feeds, TopicPartition topicPartition, out PartitionFeed feed)
    {
        feed = feeds.FirstOrDefault(f => f.TopicPartition == topicPartition)!;
        return feed is not null;
    }

    private void UpdateLag()
    {
        foreach (var feed in _feeds.Values)
        {
            var watermarks = _consumer.GetWatermarkOffsets(feed.TopicPartition);
            if (watermarks.High.Value >= 0 && feed.Gauge.Position >= 0)
            {
                feed.Gauge.Lag = Math.Max(0, watermarks.High.Value - feed.Gauge.Position);
            }
        }
    }

    private void OnClientError(Error error)
    {
        if (error.IsFatal)
        {
            LogFatalClientError(error.Reason, GroupId);
        }
        else
        {
            LogClientError(error.Reason, GroupId);
        }
    }

    [LoggerMessage(1100, LogLevel.Information, "Reading {Topic}[{Partition}] for consumer group {GroupId}")]
    private partial void LogAssigned(string topic, int partition, string groupId);

    [LoggerMessage(1101, LogLevel.Information, "Released {Topic}[{Partition}] after committing offset {Offset}")]
    private partial void LogReleased(string topic, int partition, long offset);

    [LoggerMessage(1102, LogLevel.Warning, "Consuming failed on {TopicPartition}: {Reason}")]
    private partial void LogConsumeFailed(string reason, string topicPartition);

    [LoggerMessage(1103, LogLevel.Warning, "Committing offsets for consumer group {GroupId} failed, will retry: {Reason}")]
    private partial void LogCommitFailed(string reason, string groupId);

    [LoggerMessage(1104, LogLevel.Warning, "Kafka consumer of group {GroupId}: {Reason}")]
    private partial void LogClientError(string reason, string groupId);

    [LoggerMessage(1105, LogLevel.Critical, "Kafka consumer of group {GroupId} failed fatally: {Reason}")]
    private partial void LogFatalClientError(string reason, string groupId);

    [LoggerMessage(1106, LogLevel.Error, "The poll loop of consumer group {GroupId} failed; it goes on")]
    private partial void LogPollFailed(Exception exception, string groupId);
}

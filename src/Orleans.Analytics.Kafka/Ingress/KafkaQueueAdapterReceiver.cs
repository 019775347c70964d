using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// Reads one partition for Orleans: takes the records the consumer pump fetched, maps each to a stream event
/// (or dead-letters it), groups events of one stream into one batch, and completes offsets when the cache
/// reports batches delivered.
/// </summary>
internal sealed partial class KafkaQueueAdapterReceiver : IQueueAdapterReceiver
{
    private const int MaxRecordsPerRead = 4_096;

    private readonly KafkaPartitionRef _partition;
    private readonly IKafkaRecordMapper _mapper;
    private readonly KafkaConsumerPump _pump;
    private readonly DeadLetterWriter _deadLetters;
    private readonly KafkaStreamOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly List<Task> _pendingDeadLetters = [];
    private readonly PartitionFeed _feed;
    private readonly Func<KafkaQueueCache?> _cache;
    private readonly KafkaReaderStatus? _status;

    public KafkaQueueAdapterReceiver(
        KafkaPartitionRef partition,
        IKafkaRecordMapper mapper,
        KafkaConsumerPump pump,
        DeadLetterWriter deadLetters,
        KafkaStreamOptions options,
        ILogger logger,
        Func<KafkaQueueCache?>? cache = null,
        KafkaReaderStatus? status = null)
    {
        _status = status;
        _cache = cache ?? (static () => null);
        _partition = partition;
        _mapper = mapper;
        _pump = pump;
        _deadLetters = deadLetters;
        _options = options;
        _logger = logger;
        _feed = new PartitionFeed(new TopicPartition(partition.Topic.Name, partition.Partition), options.PartitionBufferSize);
        _feed.Gauge.InFlight = () => _feed.Tracker.InFlight;
        _feed.Gauge.Buffered = () => _feed.Count;
    }

    internal PartitionFeed Feed => _feed;

    public async Task Initialize(TimeSpan timeout)
    {
        await _pump.AssignAsync(_feed).WaitAsync(timeout);
        _status?.Add(_feed.Gauge);
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        var limit = maxCount <= 0 ? MaxRecordsPerRead : Math.Min(maxCount, MaxRecordsPerRead);
        Dictionary<StreamId, KafkaBatchContainer>? open = null;
        List<KafkaBatchContainer>? batches = null;
        for (var taken = 0; taken < limit && _feed.TryTake(out var result); taken++)
        {
            var offset = result.Offset.Value;
            _feed.Tracker.Track(offset);
            var record = ToRecord(result);
            KafkaRecordMapping mapping;
            try
            {
                mapping = _mapper.Map(record);
            }
            catch (Exception ex)
            {
                mapping = KafkaRecordMapping.Reject("MAPPING_ERROR", $"{_mapper.GetType().Name} failed: {ex.Message}");
            }

            if (mapping.IsRejected)
            {
                DeadLetter(record, mapping.ErrorType!, mapping.Reason!);
                continue;
            }

            open ??= [];
            batches ??= [];
            if (!open.TryGetValue(mapping.StreamId, out var batch) || batch.Events.Count >= _options.MaxEventsPerDelivery)
            {
                batch = new KafkaBatchContainer(mapping.StreamId, _partition.Partition, [], []);
                open[mapping.StreamId] = batch;
                batches.Add(batch);
            }

            batch.Events.Add(mapping.Event!);
            batch.Offsets.Add(offset);
        }

        if (batches is null)
        {
            return Task.FromResult<IList<IBatchContainer>>([]);
        }

        // Batches were opened in order of their first offset; keep that order, the cache relies on it.
        return Task.FromResult<IList<IBatchContainer>>([.. batches]);
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            foreach (var offset in ((KafkaBatchContainer)message).Offsets)
            {
                _feed.Tracker.Complete(offset);
            }
        }

        return Task.CompletedTask;
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        // The agent purges delivered batches only before its next read; purge now so the final commit covers them.
        if (_cache() is { } cache && cache.TryPurgeFromCache(out var delivered))
        {
            await MessagesDeliveredAsync(delivered, CancellationToken.None);
        }

        Task[] pending;
        lock (_pendingDeadLetters)
        {
            pending = [.. _pendingDeadLetters];
        }

        // Let dead letters in flight land so their offsets can be committed; past the timeout they are read again by the next owner.
        await Task.WhenAll(pending).WaitAsync(timeout).ContinueWith(static _ => { }, TaskScheduler.Default);
        await _shutdown.CancelAsync();
        _status?.Remove(_feed.Gauge);
        await _pump.ReleaseAsync(_feed).WaitAsync(timeout);
        LogShutdown(_partition.Topic.Name, _partition.Partition, _feed.Tracker.Committable);
    }

    private void DeadLetter(KafkaRecord record, string errorType, string reason)
    {
        var send = _deadLetters.SendAsync(record, errorType, reason, _shutdown.Token);
        var completion = send.ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    _feed.Tracker.Complete(record.Offset);
                }

                lock (_pendingDeadLetters)
                {
                    _pendingDeadLetters.RemoveAll(p => p.IsCompleted);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        lock (_pendingDeadLetters)
        {
            _pendingDeadLetters.Add(completion);
        }
    }

    private KafkaRecord ToRecord(ConsumeResult<byte[]?, byte[]?> result) =>
        new(
            _partition.Topic.Name,
            _partition.Partition,
            result.Offset.Value,
            result.Message.Key is { } key ? Encoding.UTF8.GetString(key) : null,
            result.Message.Value ?? [],
            result.Message.Timestamp.UnixTimestampMs);

    [LoggerMessage(1400, LogLevel.Information, "Stopped reading {Topic}[{Partition}]; completed through offset {Committable}")]
    private partial void LogShutdown(string topic, int partition, long committable);
}

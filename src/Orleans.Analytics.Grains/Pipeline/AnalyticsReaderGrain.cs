using Microsoft.Extensions.Options;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;
using Orleans.Streams.Core;

namespace Orleans.Analytics.Pipeline;

/// <summary>
/// The reader of one <c>analytics_events</c> partition (the stream key is the partition). Each delivered batch is
/// one mini-batch: events are parsed once, routed to every job's grouping keys, and handed to the key grains as one
/// call per key, in offset order; the batch completes (and its offsets can be committed) only once every key grain
/// has made its events durable. The partition's progress goes to the topic's clock for the watermark.
/// </summary>
[ImplicitStreamSubscription(AnalyticsStreams.Events)]
[GrainType("analytics-reader")]
internal sealed partial class AnalyticsReaderGrain(
    AnalyticsJobCatalog catalog,
    IKafkaSink sink,
    IOptions<AnalyticsTopics> topics,
    IOptions<ProcessingOptions> processing,
    JobActivity activity,
    TimeProvider time,
    ILogger<AnalyticsReaderGrain> logger)
    : Grain, IAnalyticsReaderGrain, IStreamSubscriptionObserver, IAsyncObserver<KafkaRecordBatch>
{
    private readonly List<string> _keys = [];
    private int _partition = -1;

    // One stream item per delivery: the records arrive as one batch rather than as an item and token each.
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<KafkaRecordBatch>().ResumeAsync(this);

    public async Task OnNextAsync(KafkaRecordBatch delivery, StreamSequenceToken? token = null)
    {
        var items = delivery.Records;
        var jobs = catalog.Jobs;
        var batches = new JobBatches[jobs.Count];
        var deadLetters = new List<SinkRecord>();
        var maxEventTime = long.MinValue;
        var partition = -1;
        var processingTime = processing.Value.TimeMode == Core.Time.TimeMode.ProcessingTime;
        foreach (var record in items)
        {
            partition = record.Partition;
            if (!AnalyticsEventParser.TryParse(record, out var parsed, out var errorType, out var error))
            {
                deadLetters.Add(DeadLetterRecords.Create(topics.Value.DeadLetters, record, errorType, error!, time.GetUtcNow()));
                continue;
            }

            var analyticsEvent = processingTime ? parsed! with { EventTime = time.GetUtcNow().ToUnixTimeMilliseconds() } : parsed!;
            maxEventTime = Math.Max(maxEventTime, analyticsEvent.EventTime);
            for (var j = 0; j < jobs.Count; j++)
            {
                _keys.Clear();
                jobs[j].SelectKeys(analyticsEvent, _keys);
                foreach (var key in _keys)
                {
                    batches[j].Add(jobs[j].CoPartitioned, key, analyticsEvent, items.Count);
                }
            }
        }

        var calls = new List<Task>();
        for (var j = 0; j < jobs.Count; j++)
        {
            var job = jobs[j];
            var flushes = calls.Count;
            if (batches[j].Shared is { } shared)
            {
                calls.Add(GrainFactory.GetGrain<IJobKeyGrain>(AnalyticsStreams.PartitionGrainId(job.Name, partition))
                    .ApplyAsync(new KeyedEvents(partition, shared.Events, shared.Keys)));
            }

            foreach (var (key, batch) in batches[j].ByKey ?? [])
            {
                calls.Add(GrainFactory.GetGrain<IJobKeyGrain>(AnalyticsStreams.KeyGrainId(job.Name, key))
                    .ApplyAsync(new KeyedEvents(partition, batch.Events, null)));
            }

            if (calls.Count > flushes)
            {
                PipelineInstruments.MiniBatchFlushes.Add(calls.Count - flushes, new KeyValuePair<string, object?>(PipelineInstruments.JobTag, job.Name));
            }
        }

        if (deadLetters.Count > 0)
        {
            LogDeadLettered(deadLetters.Count, partition);
            calls.Add(sink.ProduceAllAsync(deadLetters));
        }

        await Task.WhenAll(calls);
        if (maxEventTime != long.MinValue)
        {
            await GrainFactory.GetGrain<IJobClockGrain>(topics.Value.Events).ReportAsync(partition, maxEventTime);
            _partition = partition;
            activity.SetWatermark(topics.Value.Events, partition, maxEventTime - (long)processing.Value.WatermarkDelay.TotalMilliseconds);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_partition >= 0)
        {
            activity.RemoveWatermark(topics.Value.Events, _partition);
        }

        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    /// <summary>One job's share of a delivery: one batch per grouping key, or the single batch of a co-partitioned job.</summary>
    private struct JobBatches
    {
        public KeyBatch? Shared;
        public Dictionary<string, KeyBatch>? ByKey;

        public void Add(bool coPartitioned, string key, AnalyticsEvent analyticsEvent, int deliverySize)
        {
            if (coPartitioned)
            {
                Shared ??= new KeyBatch(deliverySize, withKeys: true);
                Shared.Events.Add(analyticsEvent);
                Shared.Keys!.Add(key);
                return;
            }

            ByKey ??= new Dictionary<string, KeyBatch>(StringComparer.Ordinal);
            if (!ByKey.TryGetValue(key, out var batch))
            {
                ByKey[key] = batch = new KeyBatch(4, withKeys: false);
            }

            batch.Events.Add(analyticsEvent);
        }
    }

    private sealed class KeyBatch(int capacity, bool withKeys)
    {
        public List<AnalyticsEvent> Events { get; } = new(capacity);

        public List<string>? Keys { get; } = withKeys ? new(capacity) : null;
    }

    [LoggerMessage(2000, LogLevel.Warning, "{Count} records of partition {Partition} are not valid analytics events and went to the dead-letter topic")]
    private partial void LogDeadLettered(int count, int partition);
}

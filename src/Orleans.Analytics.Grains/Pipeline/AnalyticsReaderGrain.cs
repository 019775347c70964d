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
    : Grain, IAnalyticsReaderGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<KafkaRecord>
{
    private readonly List<string> _keys = [];
    private int _partition = -1;

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<KafkaRecord>().ResumeAsync(this);

    public async Task OnNextAsync(IList<SequentialItem<KafkaRecord>> items)
    {
        var batches = new Dictionary<string, (string Job, List<AnalyticsEvent> Events, List<string>? Keys)>(StringComparer.Ordinal);
        var deadLetters = new List<SinkRecord>();
        var maxEventTime = long.MinValue;
        var partition = -1;
        var processingTime = processing.Value.TimeMode == Core.Time.TimeMode.ProcessingTime;
        foreach (var item in items)
        {
            var record = item.Item;
            partition = record.Partition;
            if (!AnalyticsEventParser.TryParse(record, out var parsed, out var errorType, out var error))
            {
                deadLetters.Add(DeadLetterRecords.Create(topics.Value.DeadLetters, record, errorType, error!, time.GetUtcNow()));
                continue;
            }

            var analyticsEvent = processingTime ? parsed! with { EventTime = time.GetUtcNow().ToUnixTimeMilliseconds() } : parsed!;
            maxEventTime = Math.Max(maxEventTime, analyticsEvent.EventTime);
            foreach (var job in catalog.Jobs)
            {
                _keys.Clear();
                job.SelectKeys(analyticsEvent, _keys);
                foreach (var key in _keys)
                {
                    var grain = job.CoPartitioned ? AnalyticsStreams.PartitionGrainId(job.Name, partition) : AnalyticsStreams.KeyGrainId(job.Name, key);
                    if (!batches.TryGetValue(grain, out var batch))
                    {
                        batches[grain] = batch = (job.Name, [], job.CoPartitioned ? [] : null);
                    }

                    batch.Events.Add(analyticsEvent);
                    batch.Keys?.Add(key);
                }
            }
        }

        var calls = new List<Task>(batches.Count + 1);
        foreach (var (grain, (job, events, keys)) in batches)
        {
            calls.Add(GrainFactory.GetGrain<IJobKeyGrain>(grain).ApplyAsync(partition, events, keys));
            PipelineInstruments.MiniBatchFlushes.Add(1, new KeyValuePair<string, object?>(PipelineInstruments.JobTag, job));
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

    [LoggerMessage(2000, LogLevel.Warning, "{Count} records of partition {Partition} are not valid analytics events and went to the dead-letter topic")]
    private partial void LogDeadLettered(int count, int partition);
}

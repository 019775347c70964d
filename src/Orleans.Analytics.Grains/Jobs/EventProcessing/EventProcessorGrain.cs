using Microsoft.Extensions.Options;
using Orleans.Analytics.Kafka;
using Orleans.Streams.Core;

namespace Orleans.Analytics.Jobs.EventProcessing;

/// <summary>
/// The stateless event processor of one input partition (the stream key is the partition). Each batch of records
/// becomes processed or error records, written to the sinks and acknowledged before the batch completes, so the
/// input offsets are committed only after their results are durable. Results are keyed by their input's origin
/// (<c>topic/partition/offset</c>): a record redelivered after a crash yields a record with the same key.
/// </summary>
[ImplicitStreamSubscription(EventProcessorOptions.StreamNamespace)]
[GrainType("event-processor")]
internal sealed class EventProcessorGrain(IKafkaSink sink, IOptions<EventProcessorOptions> options, TimeProvider time)
    : Grain, IEventProcessorGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<KafkaRecord>
{
    private readonly EventProcessor _processor = new(options.Value.PipelineName);
    private readonly Dictionary<int, long> _lastOffsets = [];
    private long _processed;
    private long _errors;

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<KafkaRecord>().ResumeAsync(this);

    public Task<EventProcessorStats> GetStatsAsync() => Task.FromResult(new EventProcessorStats(_processed, _errors));

    public async Task OnNextAsync(IList<SequentialItem<KafkaRecord>> items)
    {
        var now = time.GetUtcNow();
        var results = new List<SinkRecord>(items.Count);
        var errors = 0;
        foreach (var item in items)
        {
            var record = item.Item;

            // Redelivery within this activation (the cache re-offered a batch): its results were already written.
            if (_lastOffsets.TryGetValue(record.Partition, out var last) && record.Offset <= last)
            {
                continue;
            }

            _lastOffsets[record.Partition] = record.Offset;
            var result = _processor.Process(record.Value, now);
            errors += result.IsError ? 1 : 0;
            var topic = result.IsError ? options.Value.ErrorTopic : options.Value.OutputTopic;
            results.Add(new SinkRecord(topic, record.Origin, result.Value));
        }

        await sink.ProduceAllAsync(results);
        _processed += results.Count - errors;
        _errors += errors;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}

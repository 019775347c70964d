using Microsoft.Extensions.Options;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Core.Watermarks;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Pipeline;

/// <summary>
/// The watermark of a source topic: readers report each partition's highest event time; the watermark is the
/// minimum over partitions that are not idle, and moves with the wall clock once all are (see WatermarkTracker).
/// Every partition of the topic is known from the start (from the provider's metadata, and the partitions that
/// reported are also durable), so the watermark waits for all of them, or for their idle timeout, instead of racing
/// ahead on the first partition that reports; silos' watermark views never go back.
/// </summary>
[GrainType("job-clock")]
internal sealed class JobClockGrain(
    [PersistentState("job-clock")] IPersistentState<JobClockState> state,
    IOptions<ProcessingOptions> options,
    KafkaTopicPartitions topicPartitions,
    TimeProvider time) : Grain, IJobClockGrain
{
    private readonly WatermarkTracker _tracker = new(options.Value.Windowing, time);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var known = Enumerable.Range(0, topicPartitions.For(this.GetPrimaryKeyString()) ?? 0);
        foreach (var partition in known.Concat(state.State.Partitions))
        {
            _tracker.Register(partition);
        }

        return Task.CompletedTask;
    }

    public async Task ReportAsync(int partition, long maxEventTime)
    {
        _tracker.Observe(partition, maxEventTime);
        if (state.State.Partitions.Add(partition))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<long> GetWatermarkAsync() =>
        Task.FromResult(CurrentWatermark());

    public Task<TopicClockStatus> GetStatusAsync() =>
        Task.FromResult(new TopicClockStatus(
            this.GetPrimaryKeyString(),
            CurrentWatermark(),
            [.. _tracker.GetPartitionStatus().Select(p => new PartitionClockStatus(p.Partition, p.Watermark, p.MaxEventTime, p.IsIdle))]));

    private long CurrentWatermark() =>
        state.State.Partitions.Count == 0 && options.Value.TimeMode == TimeMode.EventTime ? long.MinValue : _tracker.GetWatermark();
}

/// <summary>The durable part of a topic's clock: the partitions that have reported.</summary>
[GenerateSerializer]
public sealed class JobClockState
{
    [Id(0)]
    public HashSet<int> Partitions { get; set; } = [];
}

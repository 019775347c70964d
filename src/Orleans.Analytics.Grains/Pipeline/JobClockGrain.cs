using Microsoft.Extensions.Options;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Core.Watermarks;
using Orleans.Analytics.Jobs;

namespace Orleans.Analytics.Pipeline;

/// <summary>
/// The watermark of a source topic: readers report each partition's highest event time; the watermark is the
/// minimum over partitions that are not idle, and moves with the wall clock once all are (see WatermarkTracker).
/// The partitions ever reported are durable, so that a new activation (after its silo died) waits for all of them
/// (or for their idle timeout) instead of racing ahead on the first report; silos' watermark views never go back.
/// </summary>
[GrainType("job-clock")]
internal sealed class JobClockGrain(
    [PersistentState("job-clock")] IPersistentState<JobClockState> state,
    IOptions<ProcessingOptions> options,
    TimeProvider time) : Grain, IJobClockGrain
{
    private readonly WatermarkTracker _tracker = new(options.Value.Windowing, time);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var partition in state.State.Partitions)
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
        Task.FromResult(state.State.Partitions.Count == 0 && options.Value.TimeMode == TimeMode.EventTime ? long.MinValue : _tracker.GetWatermark());
}

/// <summary>The durable part of a topic's clock: the partitions that have reported.</summary>
[GenerateSerializer]
public sealed class JobClockState
{
    [Id(0)]
    public HashSet<int> Partitions { get; set; } = [];
}

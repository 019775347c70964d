using Orleans.Analytics.Kafka;
using Orleans.Streams.Core;

namespace Orleans.Analytics.TestInfrastructure;

/// <summary>
/// A consumer of the <see cref="TestStreams.Records"/> namespace that applies each Kafka record once: it keeps the
/// last offset applied per partition in durable state and skips redeliveries, the way the real jobs do.
/// </summary>
[ImplicitStreamSubscription(TestStreams.Records)]
public sealed class RecordingConsumerGrain(
    [PersistentState("recording", SharedGrainStorage.Name)] IPersistentState<RecordingState> state)
    : Grain, IRecordingConsumerGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<KafkaRecord>
{
    public Task<RecordingState> GetStateAsync() => Task.FromResult(state.State);

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<KafkaRecord>().ResumeAsync(this);

    public async Task OnNextAsync(IList<SequentialItem<KafkaRecord>> items)
    {
        await TestProbe.Gate;
        var applied = new List<(int, long)>();
        foreach (var item in items)
        {
            var token = (KafkaSequenceToken)item.Token;
            TestProbe.Delivered(token.Partition, token.Offset);
            if (state.State.LastOffsets.TryGetValue(token.Partition, out var last) && token.Offset <= last)
            {
                continue;
            }

            if (TestProbe.ShouldFail(item.Item))
            {
                throw new InvalidOperationException($"Test consumer refuses record {item.Item.Origin}");
            }

            state.State.LastOffsets[token.Partition] = token.Offset;
            state.State.Applied.Add(new AppliedRecord(token.Partition, token.Offset, item.Item.Key));
            applied.Add((token.Partition, token.Offset));
        }

        if (applied.Count > 0)
        {
            await state.WriteStateAsync();
            TestProbe.Applied(applied);
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}

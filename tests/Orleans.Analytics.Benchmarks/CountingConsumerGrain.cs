using Orleans.Analytics.Kafka;
using Orleans.Streams.Core;

namespace Orleans.Analytics.Benchmarks;

/// <summary>A consumer that does the least a real job does: skip redeliveries by offset, count, signal.</summary>
[ImplicitStreamSubscription(ProviderThroughputCommand.Namespace)]
public sealed class CountingConsumerGrain : Grain, ICountingConsumerGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<KafkaRecord>
{
    private readonly Dictionary<int, long> _last = [];

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<KafkaRecord>().ResumeAsync(this);

    public Task OnNextAsync(IList<SequentialItem<KafkaRecord>> items)
    {
        var fresh = 0;
        foreach (var item in items)
        {
            var token = (KafkaSequenceToken)item.Token;
            if (_last.TryGetValue(token.Partition, out var last) && token.Offset <= last)
            {
                continue;
            }

            _last[token.Partition] = token.Offset;
            fresh++;
        }

        DeliveryCounter.Add(fresh);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}

/// <summary>The grain interface (the grain is reached through its stream only).</summary>
public interface ICountingConsumerGrain : IGrainWithStringKey;

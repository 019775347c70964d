using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// Reads the source topics' metadata every <see cref="KafkaStreamOptions.MetadataRefreshInterval"/> and grows the
/// queue mapper when a topic gained partitions; the balancer then assigns the new queues. A failed read is logged
/// and tried again at the next interval: the partitions already known keep being read meanwhile. Each read opens its
/// own admin client and closes it, so no client idles between reads (or outlives the silo).
/// </summary>
internal sealed partial class KafkaPartitionDiscovery : IDisposable
{
    private readonly KafkaStreamOptions _options;
    private readonly KafkaQueueMapper _mapper;
    // Called with a topic's new partitions before the balancer hears of them.
    private readonly Action<IReadOnlyList<KafkaPartitionRef>> _added;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public KafkaPartitionDiscovery(KafkaStreamOptions options, KafkaQueueMapper mapper, Action<IReadOnlyList<KafkaPartitionRef>> added, TimeProvider time, ILogger logger)
    {
        _options = options;
        _mapper = mapper;
        _added = added;
        _time = time;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>How many metadata reads completed; tests wait on it.</summary>
    internal int Refreshes => Volatile.Read(ref _refreshes);

    private int _refreshes;

    /// <summary>Reads the metadata once and adds what appeared; returns the partitions added.</summary>
    internal async Task<IReadOnlyList<KafkaPartitionRef>> RefreshAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, int> counts;
        var (admin, watch) = KafkaTopicAdmin.OpenAdmin(_options, _logger);
        try
        {
            counts = await KafkaTopicAdmin.DescribeAsync(admin, watch, _options, cancellationToken);
        }
        finally
        {
            admin.Dispose();
        }

        var added = new List<KafkaPartitionRef>();
        foreach (var topic in _options.Topics)
        {
            if (counts.TryGetValue(topic.Name, out var count) && count > (_mapper.PartitionCount(topic.Name) ?? int.MaxValue))
            {
                var grown = _mapper.Grow(topic.Name, count, _added);
                if (grown.Count > 0)
                {
                    LogPartitionsAdded(topic.Name, grown.Count, count);
                    added.AddRange(grown);
                }
            }
        }

        Interlocked.Increment(ref _refreshes);
        return added;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.Wait(_options.MetadataTimeout);
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation; what it logged is enough.
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.MetadataRefreshInterval, _time, _stop.Token);
                await RefreshAsync(_stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is KafkaException or KafkaSetupException)
            {
                LogRefreshFailed(ex.Message, _options.MetadataRefreshInterval);
            }
        }
    }

    [LoggerMessage(1701, LogLevel.Information, "Topic {Topic} gained {Added} partitions (now {Partitions}); they are read from their beginning")]
    private partial void LogPartitionsAdded(string topic, int added, int partitions);

    [LoggerMessage(1702, LogLevel.Warning, "Reading the source topics' metadata failed ({Reason}); trying again in {Interval}")]
    private partial void LogRefreshFailed(string reason, TimeSpan interval);
}

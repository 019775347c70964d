using Microsoft.Extensions.Logging;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// Spreads the partitions evenly over the active silos: every silo orders the active silos and the queues the same
/// way and takes every n-th queue, so all agree without talking. When a silo joins or leaves, the queues move and
/// their new readers resume from the committed offsets.
/// </summary>
internal sealed class KafkaQueueBalancer(IServiceProvider services, ILogger<KafkaQueueBalancer> logger) : QueueBalancerBase(services, logger)
{
    private QueueId[] _allQueues = [];
    private volatile QueueId[] _mine = [];

    public override Task Initialize(IStreamQueueMapper queueMapper)
    {
        ArgumentNullException.ThrowIfNull(queueMapper);
        _allQueues = [.. queueMapper.GetAllQueues().OrderBy(q => q.GetStringNamePrefix(), StringComparer.Ordinal).ThenBy(q => q.GetNumericId())];
        return base.Initialize(queueMapper);
    }

    public override IEnumerable<QueueId> GetMyQueues() => _mine;

    protected override void OnClusterMembershipChange(HashSet<SiloAddress> activeSilos)
    {
        var mine = Assign(_allQueues, activeSilos, SiloAddress);
        if (!mine.AsSpan().SequenceEqual(_mine))
        {
            _mine = mine;
            NotifyListeners().Ignore();
        }
    }

    internal static QueueId[] Assign(IReadOnlyList<QueueId> queues, IEnumerable<SiloAddress> activeSilos, SiloAddress self)
    {
        var silos = activeSilos.Select(s => s.ToParsableString()).Order(StringComparer.Ordinal).ToList();
        var index = silos.IndexOf(self.ToParsableString());
        if (index < 0)
        {
            return [];
        }

        var mine = new List<QueueId>();
        for (var i = 0; i < queues.Count; i++)
        {
            if (i % silos.Count == index)
            {
                mine.Add(queues[i]);
            }
        }

        return [.. mine];
    }
}

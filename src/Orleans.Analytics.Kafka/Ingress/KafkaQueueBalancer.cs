using Microsoft.Extensions.Logging;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// Spreads the partitions over the active silos so that a silo joining or leaving moves few of them. Every silo
/// computes the same assignment from the active silos and the queues alone (see <see cref="StickyAssignment"/>), so
/// all agree without talking. It also recomputes when the queue mapper learns of partitions added to a topic.
/// A moved queue's new reader resumes from the committed offsets.
/// </summary>
internal sealed partial class KafkaQueueBalancer(IServiceProvider services, ILogger<KafkaQueueBalancer> logger) : QueueBalancerBase(services, logger)
{
    private readonly Lock _lock = new();
    private KafkaQueueMapper? _mapper;
    private HashSet<SiloAddress> _activeSilos = [];
    private volatile QueueId[] _mine = [];

    public override Task Initialize(IStreamQueueMapper queueMapper)
    {
        ArgumentNullException.ThrowIfNull(queueMapper);
        if (queueMapper is KafkaQueueMapper mapper)
        {
            _mapper = mapper;
            mapper.QueuesChanged += OnQueuesChanged;
        }

        return base.Initialize(queueMapper);
    }

    public override Task Shutdown()
    {
        if (_mapper is { } mapper)
        {
            mapper.QueuesChanged -= OnQueuesChanged;
        }

        return base.Shutdown();
    }

    public override IEnumerable<QueueId> GetMyQueues() => _mine;

    protected override void OnClusterMembershipChange(HashSet<SiloAddress> activeSilos)
    {
        lock (_lock)
        {
            _activeSilos = activeSilos;
        }

        Rebalance();
    }

    private void OnQueuesChanged() => Rebalance();

    private void Rebalance()
    {
        QueueId[] mine;
        lock (_lock)
        {
            var queues = _mapper?.GetAllQueues().ToList() ?? [];
            mine = Assign(queues, _activeSilos, SiloAddress);
            if (mine.AsSpan().SequenceEqual(_mine))
            {
                return;
            }

            _mine = mine;
        }

        LogAssignment(SiloAddress, mine.Length, _activeSilos.Count);
        NotifyListeners().Ignore();
    }

    /// <summary>The queues <paramref name="self"/> reads when <paramref name="activeSilos"/> are active.</summary>
    internal static QueueId[] Assign(IReadOnlyCollection<QueueId> queues, IEnumerable<SiloAddress> activeSilos, SiloAddress self)
    {
        var silos = activeSilos.Select(s => s.ToParsableString()).ToList();
        var me = self.ToParsableString();
        if (!silos.Contains(me))
        {
            return [];
        }

        var owners = StickyAssignment.Assign([.. queues.Select(Name)], silos);
        return [.. queues.Where(q => owners[Name(q)] == me).OrderBy(Name, StringComparer.Ordinal)];
    }

    private static string Name(QueueId queue) => $"{queue.GetStringNamePrefix()}/{queue.GetNumericId()}";

    [LoggerMessage(1700, LogLevel.Information, "Silo {Silo} reads {Queues} partitions of the Kafka topics ({Silos} active silos)")]
    private partial void LogAssignment(SiloAddress silo, int queues, int silos);
}

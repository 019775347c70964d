using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Analytics.Kafka.Diagnostics;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// Builds the Kafka provider's parts: at start it reads the cluster's metadata (creating missing topics), maps
/// every partition of every source topic to a queue, and then makes a receiver, cache and failure handler per
/// queue. It owns the silo's consumers, one per consumer group, and the <see cref="KafkaPartitionDiscovery"/> that
/// adds the partitions a topic gains while the silo runs.
/// </summary>
internal sealed class KafkaQueueAdapterFactory : IQueueAdapterFactory, IDisposable
{
    private readonly string _name;
    private readonly KafkaStreamOptions _options;
    private readonly KafkaSinkWriter _sink;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly KafkaQueueAdapterCache _cache;
    private readonly Dictionary<string, KafkaConsumerPump> _pumps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IKafkaRecordMapper> _mappers = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<QueueId, KafkaQueueAdapterReceiver> _receivers = new();
    private KafkaQueueMapper? _mapper;
    private KafkaPartitionDiscovery? _discovery;

    // Partitions that appeared while the silo ran: with no committed offset they are read from their beginning.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Topic, int Partition), bool> _addedWhileRunning = new();
    private bool _disposed;
    private DeadLetterWriter? _deadLetters;

    private readonly KafkaTopicPartitions? _topicPartitions;
    private readonly KafkaReaderStatus _status;
    private readonly IServiceProvider? _services;
    private readonly KafkaInstruments _instruments;

    public KafkaQueueAdapterFactory(string name, KafkaStreamOptions options, KafkaSinkWriter sink, KafkaInstruments instruments, TimeProvider time, ILoggerFactory loggerFactory, KafkaTopicPartitions? topicPartitions = null, KafkaReaderStatus? status = null, IServiceProvider? services = null)
    {
        _instruments = instruments;
        _services = services;
        _status = status ?? new KafkaReaderStatus();
        _topicPartitions = topicPartitions;
        _name = name;
        _options = options;
        _sink = sink;
        _time = time;
        _loggerFactory = loggerFactory;
        _cache = new KafkaQueueAdapterCache(options.CacheSize) { PressureChanged = OnPressureChanged };
        foreach (var topic in options.Topics)
        {
            _mappers[topic.Name] = topic.Mapper ?? new DefaultRecordMapper(topic);
        }
    }

    public static KafkaQueueAdapterFactory Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(name);
        var sink = (KafkaSinkWriter)services.GetRequiredKeyedService<IKafkaSink>(name);
        var factory = new KafkaQueueAdapterFactory(name, options, sink, services.GetRequiredService<KafkaInstruments>(), services.GetService<TimeProvider>() ?? TimeProvider.System, services.GetRequiredService<ILoggerFactory>(), services.GetService<KafkaTopicPartitions>(), services.GetService<KafkaReaderStatus>(), services);
        services.GetRequiredService<KafkaClientLifetime>().Register(factory);
        return factory;
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);

    public async Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken)
    {
        var wanted = new List<(string Topic, int Partitions)>();
        wanted.AddRange(_options.Topics.Select(t => (t.Name, t.Partitions ?? _options.DefaultPartitions)));
        wanted.Add((_options.DeadLetterTopic, _options.DefaultPartitions));
        wanted.AddRange(_options.SinkTopics.Select(t => (t, _options.DefaultPartitions)));
        var partitions = await KafkaTopicAdmin.EnsureTopicsAsync(_options, wanted, _loggerFactory.CreateLogger<KafkaQueueAdapterFactory>(), cancellationToken);

        _mapper = new KafkaQueueMapper(_options.Topics.Select(t => (t, partitions[t.Name])));
        var mapper = _mapper;
        _cache.Partition = queue => mapper.GetPartition(queue);
        foreach (var topic in _options.Topics)
        {
            _topicPartitions?.Set(topic.Name, partitions[topic.Name]);
        }

        lock (_pumps)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _discovery = new KafkaPartitionDiscovery(_options, mapper, OnPartitionsAdded, _time, _loggerFactory.CreateLogger<KafkaPartitionDiscovery>());
        }

        _deadLetters = new DeadLetterWriter(_sink, _options.DeadLetterTopic, partitions[_options.DeadLetterTopic], _time, _instruments, _loggerFactory.CreateLogger<DeadLetterWriter>());
        return new KafkaQueueAdapter(_name, _mapper, CreateReceiver, _sink);
    }

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    /// <summary>The partitions this silo made a receiver for.</summary>
    internal IReadOnlyList<KafkaPartitionRef> ReceivedPartitions => [.. _receivers.Keys.Select(q => _mapper!.GetPartition(q))];

    /// <summary>The metadata refresh, once the adapter was created.</summary>
    internal KafkaPartitionDiscovery? Discovery => _discovery;

    public IStreamQueueMapper GetStreamQueueMapper() =>
        _mapper ?? throw new InvalidOperationException("The Kafka queue mapper is known only after the adapter was created from the cluster's metadata.");

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new KafkaStreamFailureHandler(queueId, _cache, DeadLetters, id => _receivers.TryGetValue(id, out var receiver) ? receiver : null, _loggerFactory.CreateLogger<KafkaStreamFailureHandler>()));

    /// <summary>Whether every consumer this factory opened is closed.</summary>
    /// <summary>How many consumers this factory opened: one per consumer group.</summary>
    internal int ConsumersOpened { get; private set; }

    internal bool ConsumersClosed
    {
        get
        {
            lock (_pumps)
            {
                return _pumps.Count == 0;
            }
        }
    }

    public void Dispose()
    {
        KafkaConsumerPump[] pumps;
        KafkaPartitionDiscovery? discovery;
        lock (_pumps)
        {
            _disposed = true;
            pumps = [.. _pumps.Values];
            _pumps.Clear();
            discovery = _discovery;
            _discovery = null;
        }

        discovery?.Dispose();

        foreach (var pump in pumps)
        {
            pump.Dispose();
        }
    }

    private void OnPartitionsAdded(IReadOnlyList<KafkaPartitionRef> added)
    {
        foreach (var partition in added)
        {
            _addedWhileRunning[(partition.Topic.Name, partition.Partition)] = true;
        }

        // Known to the topic clock before any reader of a new partition starts: it holds the watermark until read.
        foreach (var topic in added.GroupBy(p => p.Topic.Name))
        {
            _topicPartitions?.Set(topic.Key, topic.Max(p => p.Partition) + 1);
        }
    }

    /// <summary>A queue's cache filled (the partition stops being read: counted as a pause) or has room again.</summary>
    private void OnPressureChanged(KafkaPartitionRef partition, bool paused)
    {
        if (paused)
        {
            _instruments.PartitionPauses.Add(1, KafkaInstruments.Tags(partition.Topic.Name, partition.Partition));
        }

        _status.SetPaused(partition, paused);
    }

    private DeadLetterWriter DeadLetters => _deadLetters ?? throw new InvalidOperationException("The Kafka adapter has not been created yet.");

    private KafkaQueueAdapterReceiver CreateReceiver(QueueId queueId)
    {
        var partition = ((KafkaQueueMapper)GetStreamQueueMapper()).GetPartition(queueId);
        var group = string.IsNullOrEmpty(partition.Topic.ConsumerGroup) ? _options.ConsumerGroup : partition.Topic.ConsumerGroup;
        KafkaConsumerPump pump;
        lock (_pumps)
        {
            // Not GetOrAdd's factory: under a race it builds pumps it then drops, each an open consumer with a thread.
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_pumps.TryGetValue(group, out pump!))
            {
                pump = new KafkaConsumerPump(group, _options, _instruments, _loggerFactory.CreateLogger<KafkaConsumerPump>(), (topic, p) => _addedWhileRunning.ContainsKey((topic, p)), _time);
                _pumps[group] = pump;
                ConsumersOpened++;
            }
        }

        var processor = partition.Topic.Processor is { } factory
            ? factory.Create(_services ?? throw new InvalidOperationException("A topic with a processor needs the silo's services."), partition.Topic, partition.Partition)
            : new RecordMappingProcessor(_mappers[partition.Topic.Name]);
        var receiver = new KafkaQueueAdapterReceiver(partition, processor, pump, DeadLetters, _options, _instruments, _loggerFactory.CreateLogger<KafkaQueueAdapterReceiver>(), () => _cache.Get(queueId), _status, _time);
        _receivers[queueId] = receiver;
        return receiver;
    }
}

using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Analytics.Kafka.Diagnostics;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// The silo's writer of result records: one idempotent producer (no duplicates from its own retries, order kept
/// per partition), records keyed by what they describe. Delivery failures surface as <see cref="KafkaSinkException"/>.
/// </summary>
/// <remarks>
/// Grains may still be writing while the silo disposes the writer. Confluent.Kafka's producer must not be destroyed
/// while another thread is inside one of its calls (librdkafka would touch freed memory), so each call to it is
/// counted and <see cref="Dispose"/> waits for the calls in progress; later writes fail with
/// <see cref="ObjectDisposedException"/> without touching the producer.
/// </remarks>
internal sealed partial class KafkaSinkWriter : IKafkaSink, IDisposable
{
    private readonly Lazy<IProducer<string?, byte[]?>> _producer;
    private readonly ILogger _logger;
    private int _disposed;
    private readonly KafkaInstruments _instruments;
    private int _calls;

    public KafkaSinkWriter(KafkaStreamOptions options, KafkaInstruments instruments, ILogger<KafkaSinkWriter> logger)
    {
        _instruments = instruments;
        _logger = logger;
        _producer = new(() => new ProducerBuilder<string?, byte[]?>(KafkaClientConfig.Producer(options))
            .SetLogHandler((_, message) => KafkaClientConfig.LogClientMessage(_logger, message))
            .SetErrorHandler((_, error) => LogClientError(error.Reason))
            .Build());
    }

    public Task ProduceAsync(SinkRecord record, CancellationToken cancellationToken = default) =>
        DeliverAsync(record, partition: null, cancellationToken);

    public Task<long> ProduceToPartitionAsync(SinkRecord record, int partition, CancellationToken cancellationToken = default) =>
        DeliverAsync(record, partition, cancellationToken);

    /// <summary>Produces to a chosen partition, for events written through the Orleans stream API.</summary>
    public Task ProduceToPartitionAsync(string topic, int partition, string? key, byte[] value) =>
        ProduceToPartitionAsync(new SinkRecord(topic, key, value), partition);

    public async Task ProduceAllAsync(IReadOnlyList<SinkRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        var deliveries = new Task[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            deliveries[i] = ProduceAsync(records[i], cancellationToken);
        }

        try
        {
            await Task.WhenAll(deliveries);
        }
        catch (KafkaSinkException)
        {
            // Task.WhenAll surfaces the first failure; the others were counted and logged by ProduceAsync.
            throw deliveries.Select(d => d.Exception?.InnerException).OfType<KafkaSinkException>().First();
        }
    }

    public void Dispose()
    {
        // Registered under the provider's name and as the silo's default sink: the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // A call that counted itself before the flag was set finishes first (a produce call returns at once).
        var wait = new SpinWait();
        while (Volatile.Read(ref _calls) > 0)
        {
            wait.SpinOnce();
        }

        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(10));
            _producer.Value.Dispose();
        }
    }

    private async Task<long> DeliverAsync(SinkRecord record, int? partition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            var message = new Message<string?, byte[]?> { Key = record.Key, Value = record.Value };
            var delivered = await Call(p => partition is { } chosen
                ? p.ProduceAsync(new TopicPartition(record.Topic, chosen), message, cancellationToken)
                : p.ProduceAsync(record.Topic, message, cancellationToken));
            _instruments.SinkRecords.Add(1, new KeyValuePair<string, object?>(KafkaInstruments.TopicTag, record.Topic));
            return delivered.Offset.Value;
        }
        catch (ProduceException<string?, byte[]?> ex)
        {
            _instruments.SinkFailures.Add(1, new KeyValuePair<string, object?>(KafkaInstruments.TopicTag, record.Topic));
            LogDeliveryFailed(record.Topic, record.Key, ex.Error.Reason);
            throw new KafkaSinkException(record.Topic, record.Key, ex.Error.Reason, ex);
        }
    }

    /// <summary>Starts one producer call, unless the writer is disposed; the delivery it returns is awaited outside the count.</summary>
    private Task<DeliveryResult<string?, byte[]?>> Call(Func<IProducer<string?, byte[]?>, Task<DeliveryResult<string?, byte[]?>>> call)
    {
        Interlocked.Increment(ref _calls);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return call(_producer.Value);
        }
        finally
        {
            Interlocked.Decrement(ref _calls);
        }
    }

    [LoggerMessage(1200, LogLevel.Warning, "Delivering a result with key {Key} to {Topic} failed: {Reason}")]
    private partial void LogDeliveryFailed(string topic, string? key, string reason);

    [LoggerMessage(1201, LogLevel.Warning, "Kafka producer: {Reason}")]
    private partial void LogClientError(string reason);
}

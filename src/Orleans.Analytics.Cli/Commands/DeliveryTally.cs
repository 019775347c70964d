using Confluent.Kafka;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Cli.Commands;

using ErrorCode = Confluent.Kafka.ErrorCode;

/// <summary>Counts records handed to a producer and their delivery reports (which arrive on librdkafka's thread).</summary>
internal sealed class DeliveryTally
{
    private long _sent;
    private long _delivered;
    private long _failed;
    private string? _firstError;
    private ClientError? _clientError;

    public long Sent => Interlocked.Read(ref _sent);

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>The reason of the first failed delivery, if any.</summary>
    public string? FirstError => Volatile.Read(ref _firstError);

    /// <summary>What the client last complained of (such as an unreachable broker), within the last 10 seconds.</summary>
    public string? RecentClientError =>
        Volatile.Read(ref _clientError) is { } e && Environment.TickCount64 - e.At < 10_000 ? e.Reason : null;

    /// <summary>The producer's TLS and SASL failures, which end the run at once (see <see cref="CreateProducer"/>).</summary>
    public KafkaSecurityWatch? Security { get; private set; }

    /// <summary>
    /// A producer whose client errors show in the status line instead of librdkafka's log lines, which would tear it
    /// up; failed deliveries are counted and the first reason is printed at the end.
    /// </summary>
    public IProducer<string?, string> CreateProducer(KafkaStreamOptions kafka)
    {
        var security = new KafkaSecurityWatch(kafka, KafkaConnection.SettingPrefix);
        Security = security;
        return new ProducerBuilder<string?, string>(KafkaClientConfig.Producer(kafka))
            .SetLogHandler((_, message) => security.OnLog(message))
            .SetErrorHandler((_, error) =>
            {
                security.OnError(error);
                Volatile.Write(ref _clientError, new ClientError(error.Reason, Environment.TickCount64));
            })
            .Build();
    }

    /// <summary>
    /// A cancellation that follows <paramref name="cancellationToken"/> and also comes when the producer's TLS
    /// handshake or SASL login is refused: the records would only wait out their delivery timeout.
    /// </summary>
    public CancellationTokenSource StopOnSecurityFailure(CancellationToken cancellationToken)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Security?.Failed.ContinueWith(_ => stop.Cancel(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return stop;
    }

    /// <summary>The status text of the client's recent error, or nothing.</summary>
    public string ClientErrorSuffix => RecentClientError is { } reason ? $"; Kafka: {reason}" : string.Empty;

    /// <summary>Hands a record to the producer, waiting for room when its queue is full.</summary>
    public async Task ProduceAsync(IProducer<string?, string> producer, string topic, Message<string?, string> message, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                producer.Produce(topic, message, OnReport);
                Interlocked.Increment(ref _sent);
                return;
            }
            catch (ProduceException<string?, string> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Kafka is slower than the wanted rate; the schedule catches up once there is room again.
                await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
            }
            catch (ProduceException<string?, string> ex)
            {
                Interlocked.Increment(ref _sent);
                Fail(ex.Error.Reason);
                return;
            }
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for outstanding deliveries, or until the producer's TLS handshake or SASL
    /// login is refused (they would never come); those still open count as failed.
    /// </summary>
    public void Flush(IProducer<string?, string> producer, TimeSpan timeout)
    {
        var slice = TimeSpan.FromMilliseconds(250);
        var start = Environment.TickCount64;
        int left;
        do
        {
            var rest = timeout - TimeSpan.FromMilliseconds(Environment.TickCount64 - start);
            left = producer.Flush(rest < slice ? (rest > TimeSpan.Zero ? rest : TimeSpan.Zero) : slice);
        }
        while (left > 0 && Security?.FirstFailure is null && Environment.TickCount64 - start < timeout.TotalMilliseconds);

        if (left > 0)
        {
            Interlocked.Add(ref _failed, left);
            Interlocked.CompareExchange(ref _firstError, $"{left} record(s) not acknowledged within {CliDuration.Format(timeout)}", null);
        }
    }

    private void OnReport(DeliveryReport<string?, string> report)
    {
        if (report.Error.IsError)
        {
            Fail(report.Error.Reason);
        }
        else
        {
            Interlocked.Increment(ref _delivered);
        }
    }

    private void Fail(string reason)
    {
        Interlocked.Increment(ref _failed);
        Interlocked.CompareExchange(ref _firstError, reason, null);
    }

    private sealed record ClientError(string Reason, long At);
}

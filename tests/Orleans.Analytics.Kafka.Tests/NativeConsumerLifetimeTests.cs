using System.Text;
using Orleans.Analytics.Kafka.Native;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Kafka.Tests;

/// <summary>
/// The consumer and its partition queues are used by several threads (the consumer thread, each partition's reader,
/// the metrics exporter) and disposed by one of them while the others may be in a call. librdkafka must never be
/// called on an object already destroyed: that corrupts its mutexes and aborts the whole process.
/// </summary>
public sealed class NativeConsumerLifetimeTests(EmbeddedKafkaFixture kafka)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_batch_held_by_its_reader_keeps_the_queue_and_the_consumer_alive_until_it_is_given_back()
    {
        var topic = kafka.CreateTopic("lifetime-held", 1);
        await kafka.ProduceAsync(topic, Enumerable.Range(0, 20).Select(i => ((string?)$"k{i}", $"value-{i}")));
        var consumer = Open(topic, out var queue);
        var messages = new IntPtr[20];
        var read = await ReadSomeAsync(queue, messages);

        queue.Dispose();
        consumer.Dispose();

        // Disposed, but the reader still holds a batch: nothing is destroyed and its bytes are still the records'.
        queue.IsDestroyed.ShouldBeFalse();
        consumer.IsDestroyed.ShouldBeFalse();
        Payload(messages[0]).ShouldBe("value-0");
        queue.Read(messages.AsSpan(read)).ShouldBe(0, "a disposed queue gives no more records");
        queue.Length.ShouldBe(0);
        Should.Throw<ObjectDisposedException>(() => consumer.CachedWatermarks(topic, 0));

        queue.Release(messages.AsSpan(0, read));

        queue.IsDestroyed.ShouldBeTrue();
        consumer.IsDestroyed.ShouldBeTrue();
    }

    [Fact]
    public async Task Disposing_while_the_reader_and_the_metrics_exporter_use_the_queue_destroys_it_after_their_calls()
    {
        // Each round disposes a consumer and its queue at a moment the reader and the gauge are calling into them.
        var topic = kafka.CreateTopic("lifetime-race", 1);
        await kafka.ProduceAsync(topic, Enumerable.Range(0, 2_000).Select(i => ((string?)null, $"value-{i}")), maxBatchRecords: 50);
        for (var round = 0; round < 100; round++)
        {
            var consumer = Open(topic, out var queue);
            var firstRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var stop = new CancellationTokenSource();
            var reads = 0L;
            var reader = Task.Run(() =>
            {
                var buffer = new IntPtr[16];
                while (!stop.IsCancellationRequested)
                {
                    var read = queue.Read(buffer);
                    if (read > 0)
                    {
                        Payload(buffer[0]).ShouldStartWith("value-");
                        queue.Release(buffer.AsSpan(0, read));
                        Interlocked.Add(ref reads, read);
                        firstRead.TrySetResult();
                    }
                }
            });
            var gauge = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    _ = queue.Length;
                }
            });

            await firstRead.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
            queue.Dispose();
            consumer.Dispose();
            await stop.CancelAsync();
            await Task.WhenAll(reader, gauge).WaitAsync(Patience, TestContext.Current.CancellationToken);

            Interlocked.Read(ref reads).ShouldBeGreaterThan(0);
            queue.IsDestroyed.ShouldBeTrue();
            consumer.IsDestroyed.ShouldBeTrue();
        }
    }

    private NativeConsumer Open(string topic, out NativePartitionQueue queue)
    {
        var options = new KafkaStreamOptions { BootstrapServers = kafka.BootstrapServers };
        var consumer = new NativeConsumer(KafkaClientConfig.Consumer(options, kafka.UniqueName("lifetime")));
        queue = consumer.OpenPartitionQueue(topic, 0);
        consumer.Assign(topic, 0, 0);
        return consumer;
    }

    private static async Task<int> ReadSomeAsync(NativePartitionQueue queue, IntPtr[] messages)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var read = queue.Read(messages);
            if (read > 0)
            {
                return read;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("no record arrived in the partition queue");
    }

    private static unsafe string Payload(IntPtr message)
    {
        var m = (Librdkafka.Message*)message;
        return Encoding.UTF8.GetString(m->Payload, (int)m->Length);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Orleans.Analytics.Kafka.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Kafka.Tests;

/// <summary>
/// Grains may still be writing results while the silo disposes its sink writer. The producer must not be destroyed
/// under a call in progress (librdkafka would use freed memory and abort the process): each write either lands or
/// fails with <see cref="ObjectDisposedException"/>, and the process goes on.
/// </summary>
public sealed class KafkaSinkWriterLifetimeTests(EmbeddedKafkaFixture kafka)
{
    private static readonly KafkaInstruments Instruments = new(new AnalyticsMeter(
        new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));

    [Fact]
    public async Task Disposing_the_writer_while_many_threads_write_lands_or_refuses_each_write()
    {
        var topic = kafka.CreateTopic("sink-lifetime", 4);
        for (var round = 0; round < 10; round++)
        {
            var writer = new KafkaSinkWriter(new KafkaStreamOptions { BootstrapServers = kafka.BootstrapServers }, Instruments, NullLogger<KafkaSinkWriter>.Instance);
            await writer.ProduceAsync(new SinkRecord(topic, "warm-up", [1]), TestContext.Current.CancellationToken);
            using var stop = new CancellationTokenSource();
            var landed = 0;
            var refused = 0;
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                var deliveries = new List<Task>();
                for (var i = 0; !stop.IsCancellationRequested || i < 200; i++)
                {
                    try
                    {
                        deliveries.Add(writer.ProduceAsync(new SinkRecord(topic, $"{w}-{i}", [2])));
                    }
                    catch (ObjectDisposedException)
                    {
                        Interlocked.Increment(ref refused);
                        break;
                    }
                }

                foreach (var delivery in deliveries)
                {
                    try
                    {
                        await delivery;
                        Interlocked.Increment(ref landed);
                    }
                    catch (Exception ex) when (ex is ObjectDisposedException or KafkaSinkException)
                    {
                        Interlocked.Increment(ref refused);
                    }
                }
            })).ToArray();

            await Task.Delay(5, TestContext.Current.CancellationToken);
            writer.Dispose();
            await stop.CancelAsync();
            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

            (landed + refused).ShouldBeGreaterThan(0);
            refused.ShouldBeGreaterThan(0, "every writer keeps writing until the writer is disposed, so some writes are refused");
            await Should.ThrowAsync<ObjectDisposedException>(() => writer.ProduceAsync(new SinkRecord(topic, "after", [3]), TestContext.Current.CancellationToken));
        }
    }
}

using System.Diagnostics;
using Confluent.Kafka;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Benchmarks;

/// <summary>The reference of the load commands: a bare Confluent.Kafka consumer reading a topic from the start.</summary>
internal static class BareRead
{
    /// <summary>The silo's own consumer settings (<see cref="KafkaClientConfig"/>), so the reference reads as the silo's client can.</summary>
    public static ConsumerConfig SiloSettings(string bootstrap) =>
        KafkaClientConfig.Consumer(new KafkaStreamOptions { BootstrapServers = bootstrap }, "bench-bare");

    /// <summary>The fastest of <paramref name="runs"/> reads: the first read of fresh data varies between runs.</summary>
    public static TimeSpan Best(string bootstrap, string topic, int partitions, int count, ConsumerConfig? settings, int runs = 2) =>
        Enumerable.Range(0, runs).Select(_ => Time(bootstrap, topic, partitions, count, settings)).Min();

    /// <summary>
    /// The fastest of <paramref name="runs"/> reads of the whole topic by <c>kcat</c> (another process, librdkafka's
    /// defaults, output discarded), or null when kcat is not installed.
    /// </summary>
    public static TimeSpan? BestOfKcat(string bootstrap, string topic, int count, int runs)
    {
        TimeSpan? best = null;
        for (var i = 0; i < runs; i++)
        {
            var start = new ProcessStartInfo("kcat", ["-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%o\n"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var watch = Stopwatch.StartNew();
            Process? process;
            try
            {
                process = Process.Start(start);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }

            using (process)
            {
                var lines = 0;
                while (process!.StandardOutput.ReadLine() is not null)
                {
                    lines++;
                }

                process.WaitForExit();
                var elapsed = watch.Elapsed;
                if (process.ExitCode != 0 || lines != count)
                {
                    throw new InvalidOperationException($"kcat read {lines} of {count} records (exit code {process.ExitCode}): {process.StandardError.ReadToEnd()}");
                }

                best = best is { } b && b < elapsed ? b : elapsed;
            }
        }

        return best;
    }

    /// <summary>Times reading <paramref name="count"/> records of <paramref name="partitions"/> partitions; null settings are librdkafka's defaults.</summary>
    public static TimeSpan Time(string bootstrap, string topic, int partitions, int count, ConsumerConfig? settings)
    {
        var watch = Stopwatch.StartNew();
        var config = new ConsumerConfig(settings ?? new ConsumerConfig())
        {
            BootstrapServers = bootstrap,
            GroupId = "bench-bare-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var read = 0;
        while (read < count)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(5)) is { Message: not null })
            {
                read++;
            }
        }

        return watch.Elapsed;
    }
}

using System.Diagnostics;
using Confluent.Kafka;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// Reads the cluster's metadata within a deadline, and gives up early when the client's <see cref="KafkaSecurityWatch"/>
/// saw a TLS or SASL failure: librdkafka's metadata call cannot be cancelled and would otherwise wait out the
/// whole timeout while the handshake fails again and again.
/// </summary>
internal static class KafkaClusterMetadata
{
    // The first calls are short so that a security failure is noticed within about this long; later ones grow, so
    // that a slow cluster's answer (more than one call's wait after connecting) still arrives.
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(8);

    /// <summary>
    /// The metadata of every topic (or of <paramref name="topic"/>). Throws <see cref="KafkaSetupException"/> with the
    /// watch's message on a security failure, and the client's last <see cref="KafkaException"/> when
    /// <paramref name="timeout"/> passes without an answer.
    /// </summary>
    public static async Task<Confluent.Kafka.Metadata> GetAsync(IAdminClient admin, KafkaSecurityWatch watch, TimeSpan timeout, CancellationToken cancellationToken, string? topic = null)
    {
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(watch);
        var start = Stopwatch.GetTimestamp();
        var wait = FirstWait;
        while (true)
        {
            ThrowIfFailed(watch);
            var left = timeout - Stopwatch.GetElapsedTime(start);
            var slice = left < wait ? left : wait;
            try
            {
                // Off the caller's thread: the call blocks for up to its timeout.
                return await Task.Run(() => topic is null ? admin.GetMetadata(slice) : admin.GetMetadata(topic, slice), cancellationToken);
            }
            catch (KafkaException) when (timeout - Stopwatch.GetElapsedTime(start) > TimeSpan.Zero)
            {
                // No answer yet: librdkafka is still connecting (or retrying); ask again, a little more patiently.
            }
            catch (KafkaException)
            {
                ThrowIfFailed(watch);
                throw;
            }

            wait = wait * 2 < LongestWait ? wait * 2 : LongestWait;
        }
    }

    private static void ThrowIfFailed(KafkaSecurityWatch watch)
    {
        if (watch.FirstFailure is { } failure)
        {
            throw new KafkaSetupException(failure);
        }
    }
}

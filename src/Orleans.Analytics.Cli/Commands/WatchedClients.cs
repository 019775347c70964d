using Confluent.Kafka;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Cli.Commands;

/// <summary>
/// The command line's clients report to a <see cref="KafkaSecurityWatch"/>, so that a refused TLS handshake or SASL
/// login ends the command at once with one message; librdkafka's own lines are not printed (the command says what failed).
/// </summary>
internal static class WatchedClients
{
    public static ProducerBuilder<TKey, TValue> WatchedBy<TKey, TValue>(this ProducerBuilder<TKey, TValue> builder, KafkaSecurityWatch watch) =>
        builder.SetErrorHandler((_, error) => watch.OnError(error)).SetLogHandler((_, message) => watch.OnLog(message));

    public static AdminClientBuilder WatchedBy(this AdminClientBuilder builder, KafkaSecurityWatch watch) =>
        builder.SetErrorHandler((_, error) => watch.OnError(error)).SetLogHandler((_, message) => watch.OnLog(message));
}

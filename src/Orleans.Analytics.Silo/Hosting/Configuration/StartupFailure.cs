using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// Turns the start-up failures an operator can fix into one message naming the key to change: bad configuration, an
/// unusable Kafka (unreachable, a refused TLS handshake or SASL login, a topic it cannot create) or database, and
/// ports already taken (by another silo on the machine, usually). Wherever the hosting or Orleans wrapped it.
/// </summary>
internal static class StartupFailure
{
    // The built-in patterns only: whatever reaches this message was made without the configuration's secrets
    // (they are masked where the message is made); this is the second line of defence.
    private static readonly LogRedactor Redactor = new([]);

    /// <summary>The message for <paramref name="exception"/>, or null when it is not one of these failures.</summary>
    public static string? Explain(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Describe(exception) is { } message ? Redactor.Redact(message) : null;
    }

    private static string? Describe(Exception exception)
    {
        var chain = Chain(exception).ToList();
        if (chain.OfType<SiloConfigurationException>().FirstOrDefault() is { } configuration)
        {
            return configuration.Message;
        }

        // ValidateOnStart reports each options class that failed; several arrive together in an AggregateException.
        var validation = chain.OfType<OptionsValidationException>().ToList();
        if (validation.Count > 0)
        {
            return new SiloConfigurationException([.. validation.SelectMany(v => v.Failures).Distinct(StringComparer.Ordinal)]).Message;
        }

        if (chain.OfType<KafkaSetupException>().FirstOrDefault() is { } kafka)
        {
            return kafka.Message;
        }

        if (!chain.Any(e => e is AddressInUseException || e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }))
        {
            return null;
        }

        // Kestrel says "Failed to bind to address http://...: address already in use."; Orleans' listeners do not name theirs.
        return chain.OfType<IOException>().FirstOrDefault(e => e.Message.StartsWith("Failed to bind to address", StringComparison.Ordinal)) is { } http
            ? $"{http.Message.TrimEnd('.')}. Set Urls (--urls, ASPNETCORE_URLS, or the port alone with ASPNETCORE_HTTP_PORTS) to a free address; each silo on a machine needs its own."
            : "A silo or gateway port is already in use: set Orleans:SiloPort and Orleans:GatewayPort to free ports; each silo on a machine needs its own. "
              + chain.Last().Message;
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}

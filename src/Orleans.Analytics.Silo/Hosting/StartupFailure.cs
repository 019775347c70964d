using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// Turns the start-up failures an operator can fix into one line naming the key to change: bad configuration, an
/// unusable Kafka or database, and ports already taken (by another silo on the machine, usually).
/// </summary>
internal static class StartupFailure
{
    /// <summary>The message for <paramref name="exception"/>, or null when it is not one of these failures.</summary>
    public static string? Explain(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is SiloConfigurationException or OptionsValidationException or KafkaSetupException)
        {
            return exception.Message;
        }

        var chain = Chain(exception).ToList();
        if (!chain.Any(e => e is AddressInUseException || e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }))
        {
            return null;
        }

        // Kestrel says "Failed to bind to address http://...: address already in use."; Orleans' listeners do not name theirs.
        return chain.OfType<IOException>().FirstOrDefault(e => e.Message.StartsWith("Failed to bind to address", StringComparison.Ordinal)) is { } http
            ? $"{http.Message.TrimEnd('.')}. Set Urls (or --Urls) to a free address; each silo on a machine needs its own."
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

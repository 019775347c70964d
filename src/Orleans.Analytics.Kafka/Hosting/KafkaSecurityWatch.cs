using Confluent.Kafka;

namespace Orleans.Analytics.Kafka;

using ErrorCode = Confluent.Kafka.ErrorCode;

/// <summary>
/// Watches a client's errors for the failures a retry does not cure: a TLS handshake that fails (an untrusted
/// certificate, TLS to a plaintext port, plaintext to a TLS port) and a SASL authentication the broker refuses.
/// librdkafka reports them as connection errors and keeps retrying; whoever waits for Kafka gives up at the first
/// one instead, with a message naming the settings to check. Give <see cref="OnError"/> to the client's error handler
/// and <see cref="OnLog"/> to its log handler.
/// </summary>
internal sealed class KafkaSecurityWatch(KafkaStreamOptions options, string keyPrefix)
{
    private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _firstFailure;
    private volatile string? _latest;
    private volatile string? _lastError;

    /// <summary>Completes with the message of the first security failure.</summary>
    public Task<string> Failed => _first.Task;

    /// <summary>The message of the first security failure, or null.</summary>
    public string? FirstFailure => Volatile.Read(ref _firstFailure);

    /// <summary>The message of the latest security failure since <see cref="Reset"/>, or null.</summary>
    public string? Latest => _latest;

    /// <summary>The reason of the client's last error of any kind (an unreachable broker, too), secrets masked; or null.</summary>
    public string? LastError => _lastError;

    /// <summary>Forgets the latest failure (after the client reached Kafka again).</summary>
    public void Reset()
    {
        _latest = null;
        _lastError = null;
    }

    /// <summary>For the client's error handler; called on librdkafka's thread, so it only records.</summary>
    public void OnError(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _lastError = KafkaClientProperties.Redact(error.Reason ?? string.Empty, options.ClientProperties);
        if (Describe(error) is { } message)
        {
            Record(message);
        }
    }

    /// <summary>
    /// For the client's log handler: a plaintext client at a TLS port sees the connection closed while it asks for
    /// the broker's API versions, which librdkafka logs but does not report as an error.
    /// </summary>
    public void OnLog(LogMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Facility == "FAIL" && !UsesTls
            && message.Message.Contains("Disconnected", StringComparison.Ordinal)
            && message.Message.Contains("in state APIVERSION_QUERY", StringComparison.Ordinal))
        {
            // "[thrd:host:port/bootstrap]: host:port/bootstrap: Disconnected: ..." without librdkafka's thread name.
            var thread = message.Message.IndexOf("]: ", StringComparison.Ordinal);
            var reason = (thread < 0 ? message.Message : message.Message[(thread + 2)..]).Trim();
            Record(ClosedBeforeAnswering(KafkaClientProperties.Redact(reason, options.ClientProperties)));
        }
    }

    private bool UsesTls => Value("security.protocol") is { } protocol
        && (protocol.Equals("SSL", StringComparison.OrdinalIgnoreCase) || protocol.Equals("SASL_SSL", StringComparison.OrdinalIgnoreCase));

    private void Record(string message)
    {
        _latest = message;
        Interlocked.CompareExchange(ref _firstFailure, message, null);
        _first.TrySetResult(message);
    }

    private string ClosedBeforeAnswering(string reason) =>
        $"Kafka at '{options.BootstrapServers}' closed the connection before answering: {reason}. The port looks like a TLS listener; "
        + $"set {keyPrefix}security.protocol to SSL or SASL_SSL (it is {Value("security.protocol") ?? "not set, so PLAINTEXT"}).";

    /// <summary>The message for <paramref name="error"/> when it is a security failure; otherwise null.</summary>
    public string? Describe(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var reason = KafkaClientProperties.Redact(error.Reason ?? string.Empty, options.ClientProperties);
        var servers = $"Kafka at '{options.BootstrapServers}'";
        if (error.Code is ErrorCode.Local_Authentication or ErrorCode.SaslAuthenticationFailed)
        {
            return $"{servers} refused the SASL authentication: {reason}. Check {Setting("security.protocol")} and {Setting("sasl.mechanism")}, "
                + $"and the credentials ({keyPrefix}sasl.username and {keyPrefix}sasl.password, or {keyPrefix}sasl.oauthbearer.*).";
        }

        if (error.Code == ErrorCode.Local_Ssl || (error.Code == ErrorCode.Local_Transport && reason.Contains("SSL handshake failed", StringComparison.Ordinal)))
        {
            return $"The TLS handshake with {servers} failed: {reason}. Check {Setting("security.protocol")} (the port must be a TLS listener) "
                + $"and the certificates: {keyPrefix}ssl.ca.location or {keyPrefix}ssl.ca.pem for a private CA, {keyPrefix}ssl.certificate.* and {keyPrefix}ssl.key.* for mutual TLS.";
        }

        if (error.Code == ErrorCode.Local_Transport && reason.Contains("incorrect security.protocol", StringComparison.Ordinal))
        {
            return ClosedBeforeAnswering(reason);
        }

        return null;
    }

    private string Setting(string name) => Value(name) is { } value ? $"{keyPrefix}{name} ('{value}')" : $"{keyPrefix}{name} (not set)";

    private string? Value(string name) =>
        options.ClientProperties.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } property
            ? KafkaClientProperties.Shown(property.Key, property.Value)
            : null;
}

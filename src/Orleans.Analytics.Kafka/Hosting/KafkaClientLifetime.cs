namespace Orleans.Analytics.Kafka;

/// <summary>
/// Closes what the provider opened outside the container (the queue adapter factory and its consumers) when the
/// silo's container is disposed. Orleans does not dispose queue adapter factories; a consumer left open keeps
/// librdkafka threads running into process exit, where they race the process's own teardown.
/// </summary>
internal sealed class KafkaClientLifetime : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private bool _disposed;

    public void Register(IDisposable owned)
    {
        lock (_owned)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _owned.Add(owned);
        }
    }

    public IReadOnlyList<IDisposable> Owned
    {
        get
        {
            lock (_owned)
            {
                return [.. _owned];
            }
        }
    }

    public void Dispose()
    {
        IDisposable[] owned;
        lock (_owned)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            owned = [.. _owned];
            _owned.Clear();
        }

        for (var i = owned.Length - 1; i >= 0; i--)
        {
            owned[i].Dispose();
        }
    }
}

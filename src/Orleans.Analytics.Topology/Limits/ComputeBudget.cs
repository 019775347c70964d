using System.Globalization;

namespace Orleans.Analytics.Topology.Limits;

/// <summary>Enforces the wall-clock and memory limits of one computation.</summary>
internal sealed class ComputeBudget : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _external;
    private readonly double _timeoutSeconds;

    public ComputeBudget(double timeoutSeconds, int memoryLimitMb, CancellationToken cancellationToken)
    {
        _timeoutSeconds = timeoutSeconds;
        MemoryLimitMb = memoryLimitMb;
        _external = cancellationToken;
        _timeout = new CancellationTokenSource();
        if (timeoutSeconds > 0 && double.IsFinite(timeoutSeconds) && timeoutSeconds < int.MaxValue / 1000.0)
        {
            _timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        }

        _linked = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token, cancellationToken);
    }

    public int MemoryLimitMb { get; }

    public CancellationToken Token => _linked.Token;

    /// <summary>Throws when the computation was cancelled or ran out of time.</summary>
    public void Check()
    {
        if (_linked.IsCancellationRequested)
        {
            Throw();
        }
    }

    public void ThrowIfCancelled(OperationCanceledException inner)
    {
        if (_external.IsCancellationRequested)
        {
            throw new OperationCanceledException("The persistence computation was cancelled.", inner, _external);
        }

        throw new TimeoutException(TimeoutMessage(), inner);
    }

    /// <summary>Fails with <see cref="MemoryLimitExceededException"/> when <paramref name="bytes"/> exceeds the limit.</summary>
    public void EnsureMemory(string what, double bytes)
    {
        double mb = bytes / (1024.0 * 1024.0);
        if (mb > MemoryLimitMb)
        {
            throw new MemoryLimitExceededException(what, mb, MemoryLimitMb);
        }
    }

    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }

    private void Throw()
    {
        _external.ThrowIfCancellationRequested();
        throw new TimeoutException(TimeoutMessage());
    }

    private string TimeoutMessage() => string.Create(
        CultureInfo.InvariantCulture,
        $"The persistence computation exceeded TimeoutSeconds = {_timeoutSeconds}.");
}

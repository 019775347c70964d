using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orleans.Analytics.EndToEnd.Tests;

/// <summary>Log entries of a silo, kept in memory (a logger provider added to the built application's factory).</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, string Message)> _entries = new();
    private readonly SemaphoreSlim _written = new(0);

    public IReadOnlyCollection<(string Category, string Message)> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Waits until <paramref name="condition"/> holds for the entries, each time one is written, up to <paramref name="patience"/>.</summary>
    public async Task WaitForAsync(Func<IReadOnlyCollection<(string Category, string Message)>, bool> condition, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!condition(Entries))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _written.WaitAsync(left, TestContext.Current.CancellationToken))
            {
                throw new TimeoutException($"The logs did not show what was expected within {patience}.");
            }
        }
    }

    public void Dispose() => _written.Dispose();

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            logs._entries.Enqueue((category, formatter(state, exception)));
            logs._written.Release();
        }
    }
}

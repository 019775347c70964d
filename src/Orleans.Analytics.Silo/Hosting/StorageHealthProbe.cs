using Npgsql;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// Checks every few seconds that the PostgreSQL database of the silo's membership, grain state and reminders
/// (<c>Storage:ConnectionString</c>) answers a query; <c>/api/pipeline</c> shows the last answer, and during an outage
/// the error and since when it lasts. Orleans retries its own calls meanwhile; this only makes the outage visible.
/// </summary>
internal sealed partial class StorageHealthProbe(SiloSettings settings, TimeProvider time, ILogger<StorageHealthProbe> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);
    private volatile StorageHealth _current = new("PostgreSQL", Healthy: false, "not checked yet", FailingSince: null, CheckedAt: null);

    /// <summary>The last check's outcome.</summary>
    public StorageHealth Current => _current;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(settings.StorageConnectionString)
        {
            Timeout = (int)CheckTimeout.TotalSeconds,
            CommandTimeout = (int)CheckTimeout.TotalSeconds,
            Pooling = false,
        }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            var error = await CheckAsync(connectionString, stoppingToken);
            var now = time.GetUtcNow();
            var previous = _current;
            if (error is null)
            {
                if (!previous.Healthy && previous.FailingSince is { } since)
                {
                    LogRecovered(now - since);
                }

                _current = new StorageHealth(previous.Provider, Healthy: true, LastError: null, FailingSince: null, CheckedAt: now);
            }
            else
            {
                if (previous.Healthy || previous.FailingSince is null)
                {
                    LogFailing(error);
                }

                _current = new StorageHealth(previous.Provider, Healthy: false, error, previous.FailingSince ?? now, CheckedAt: now);
            }

            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static async Task<string?> CheckAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            return ex.Message;
        }
    }

    [LoggerMessage(30, LogLevel.Warning, "PostgreSQL (Storage:ConnectionString) does not answer: {Error}; membership, grain state and reminders are retried until it does")]
    private partial void LogFailing(string error);

    [LoggerMessage(31, LogLevel.Information, "PostgreSQL answers again after {Outage}")]
    private partial void LogRecovered(TimeSpan outage);
}

/// <summary>What <see cref="StorageHealthProbe"/> last found.</summary>
/// <param name="Provider">The storage's kind.</param>
/// <param name="Healthy">Whether the last check succeeded.</param>
/// <param name="LastError">The last check's error while unhealthy.</param>
/// <param name="FailingSince">When the checks began failing, while they do.</param>
/// <param name="CheckedAt">When the last check ended (null before the first).</param>
internal sealed record StorageHealth(string Provider, bool Healthy, string? LastError, DateTimeOffset? FailingSince, DateTimeOffset? CheckedAt);

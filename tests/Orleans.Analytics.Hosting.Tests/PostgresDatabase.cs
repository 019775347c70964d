using System.Diagnostics;
using Npgsql;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>
/// A fresh database on the local PostgreSQL (started by scripts/start-postgres.sh), dropped on dispose. The server
/// is <c>ORLEANS_TEST_POSTGRES</c> (an Npgsql connection string with a role that may create databases), by default
/// the test role on 127.0.0.1:5432.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=orleans_test;Password=orleans_test;Database=postgres";

    private PostgresDatabase(string name, NpgsqlConnectionStringBuilder server)
    {
        Name = name;
        Server = server;
        ConnectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>Connects to the test's database.</summary>
    public string ConnectionString { get; }

    private NpgsqlConnectionStringBuilder Server { get; }

    /// <summary>The schema files, in the order they are applied.</summary>
    public static IReadOnlyList<string> SchemaFiles =>
        [.. Directory.GetFiles(Path.Combine(RepositoryRoot(), "deploy", "sql", "postgresql"), "*.sql").Order(StringComparer.Ordinal)];

    /// <summary>Creates an empty database with a name no other test uses, on <paramref name="serverConnectionString"/> or the tests' server.</summary>
    public static async Task<PostgresDatabase> CreateAsync(string? serverConnectionString = null)
    {
        var server = new NpgsqlConnectionStringBuilder(serverConnectionString ?? Environment.GetEnvironmentVariable("ORLEANS_TEST_POSTGRES") ?? DefaultServer);
        var name = "analytics_test_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException($"PostgreSQL for tests is not available at {server.Host}:{server.Port} as {server.Username} ({ex.Message}); run scripts/start-postgres.sh.", ex);
        }

        return new PostgresDatabase(name, server);
    }

    /// <summary>Creates a database and applies deploy/sql/postgresql to it with psql, as an operator would.</summary>
    public static async Task<PostgresDatabase> CreateWithSchemaAsync(string? serverConnectionString = null)
    {
        var database = await CreateAsync(serverConnectionString);
        foreach (var file in SchemaFiles)
        {
            var (exitCode, output) = await database.PsqlAsync(file);
            exitCode.ShouldBe(0, $"psql -f {Path.GetFileName(file)}: {output}");
        }

        return database;
    }

    /// <summary>Runs one SQL file with psql (stopping at the first error); returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> PsqlAsync(string file)
    {
        var start = new ProcessStartInfo("psql")
        {
            ArgumentList = { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", Server.Host!, "-p", Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", Server.Username!, "-d", Name, "-f", file },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PGPASSWORD"] = Server.Password ?? "" },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await error);
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Runs one statement (or several, separated by semicolons) on the test's database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>The repository's root: the folder above the test's build output that holds the solution.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.Analytics.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Orleans.Analytics.sln above {AppContext.BaseDirectory}.");
    }
}

using System.Net.Sockets;
using Npgsql;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// Before the silo starts on PostgreSQL: connects with <c>Storage:ConnectionString</c> and checks that the tables and
/// Orleans queries the configured providers use exist. Any failure becomes one <see cref="SiloConfigurationException"/>
/// naming the key (its password shown as ***) or the missing objects, instead of Orleans retrying with stack traces.
/// </summary>
internal static class PostgreSqlSchemaCheck
{
    private const string Apply = "apply the files of deploy/sql/postgresql in name order";

    /// <summary>The tables and query keys of Orleans' ADO.NET membership provider (10.x).</summary>
    public static readonly IReadOnlyList<string> ClusteringTables = ["orleansmembershipversiontable", "orleansmembershiptable"];

    public static readonly IReadOnlyList<string> ClusteringQueries =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
    ];

    /// <summary>The tables and query keys of the grain storage and reminder providers.</summary>
    public static readonly IReadOnlyList<string> StorageTables = ["orleansstorage", "orleansreminderstable"];

    public static readonly IReadOnlyList<string> StorageQueries =
    [
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    /// <summary>Throws <see cref="SiloConfigurationException"/> unless the database is reachable and has the schema.</summary>
    public static void Verify(SiloSettings settings)
    {
        var connectionString = settings.StorageConnectionString!;
        var where = $"{AdoNetHosting.ConnectionStringKey} ({AdoNetHosting.Describe(connectionString)})";
        var tables = new List<string> { "orleansquery" };
        var queries = new List<string>();
        if (AdoNetHosting.UsesAdoNetClustering(settings.Orleans.Clustering))
        {
            tables.AddRange(ClusteringTables);
            queries.AddRange(ClusteringQueries);
        }

        if (AdoNetHosting.UsesAdoNetStorage(settings.StorageProvider))
        {
            tables.AddRange(StorageTables);
            queries.AddRange(StorageQueries);
        }

        // The connection string's own Timeout (Npgsql's default: 15 s) bounds the wait for an unreachable server.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        var timeout = TimeSpan.FromSeconds(builder.Timeout);
        try
        {
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            var missing = Missing(connection, tables, queries);
            if (missing.Count > 0)
            {
                throw new SiloConfigurationException([$"The database of {where} is not ready for Orleans: {string.Join("; ", missing)}; {Apply}."]);
            }
        }
        catch (PostgresException ex)
        {
            throw new SiloConfigurationException([$"{where} was refused by PostgreSQL: {ex.SqlState} {ex.MessageText}."]);
        }
        catch (NpgsqlException ex)
        {
            throw new SiloConfigurationException([$"PostgreSQL at {where} could not be reached: {Reason(ex, timeout)}."]);
        }
        catch (TimeoutException)
        {
            throw new SiloConfigurationException([$"PostgreSQL at {where} could not be reached within {timeout.TotalSeconds:0} s."]);
        }
    }

    private static List<string> Missing(NpgsqlConnection connection, List<string> tables, List<string> queries)
    {
        var missing = new List<string>();
        using (var command = new NpgsqlCommand("SELECT t FROM unnest(@tables) AS t WHERE to_regclass(t) IS NULL", connection))
        {
            command.Parameters.AddWithValue("tables", tables.ToArray());
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                missing.Add($"table {reader.GetString(0)} missing");
            }
        }

        if (missing.Any(m => m.StartsWith("table orleansquery ", StringComparison.Ordinal)))
        {
            return missing;
        }

        using (var command = new NpgsqlCommand("SELECT k FROM unnest(@keys) AS k WHERE NOT EXISTS (SELECT 1 FROM orleansquery q WHERE q.querykey = k)", connection))
        {
            command.Parameters.AddWithValue("keys", queries.ToArray());
            using var reader = command.ExecuteReader();
            var keys = new List<string>();
            while (reader.Read())
            {
                keys.Add(reader.GetString(0));
            }

            if (keys.Count > 0)
            {
                missing.Add($"OrleansQuery lacks {string.Join(", ", keys)}");
            }
        }

        return missing;
    }

    private static string Reason(NpgsqlException ex, TimeSpan timeout)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.Message;
            }

            if (e is TimeoutException)
            {
                return $"no answer within {timeout.TotalSeconds:0} s (the connection string's Timeout)";
            }
        }

        return ex.Message;
    }
}

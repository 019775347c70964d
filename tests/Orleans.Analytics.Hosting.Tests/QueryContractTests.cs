using Npgsql;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>
/// The stored queries run the way Orleans' ADO.NET providers run them (their text from OrleansQuery, named
/// parameters typed as the providers type them, NULL as DBNull), checking the optimistic concurrency each promises.
/// </summary>
public sealed class QueryContractTests
{
    private static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public async Task Grain_state_writes_succeed_only_on_the_version_last_read()
    {
        await using var database = await PostgresDatabase.CreateWithSchemaAsync();
        await using var db = await Queries.OpenAsync(database);
        object?[] key = [17, 0L, 0L, 99, "JobKeyGrain", "job|key", "service"];
        string[] keyNames = ["GrainIdHash", "GrainIdN0", "GrainIdN1", "GrainTypeHash", "GrainTypeString", "GrainIdExtensionString", "ServiceId"];
        Task<object?> Write(int? version, byte[] payload) =>
            db.ScalarAsync("WriteToStorageKey", [.. keyNames, "GrainStateVersion", "PayloadBinary"], [.. key, version, payload]);

        (await db.RowsAsync("ReadFromStorageKey", keyNames, key)).ShouldBeEmpty();
        (await Write(null, [1])).ShouldBe(1);
        (await Write(null, [2])).ShouldBeNull("a second first write conflicts");
        (await Write(1, [3])).ShouldBe(2);
        (await Write(1, [4])).ShouldBe(1, "a write on a stale version returns that version: a conflict");
        var read = (await db.RowsAsync("ReadFromStorageKey", keyNames, key)).ShouldHaveSingleItem();
        ((byte[])read["payloadbinary"]!).ShouldBe(new byte[] { 3 });
        read["version"].ShouldBe(2);

        (await db.ScalarAsync("ClearStorageKey", [.. keyNames, "GrainStateVersion"], [.. key, 1])).ShouldBeNull();
        (await db.ScalarAsync("ClearStorageKey", [.. keyNames, "GrainStateVersion"], [.. key, 2])).ShouldBe(3);
        read = (await db.RowsAsync("ReadFromStorageKey", keyNames, key)).ShouldHaveSingleItem();
        read["payloadbinary"].ShouldBeNull();
        read["version"].ShouldBe(3);
        (await Write(3, [5])).ShouldBe(4);
        (await db.ScalarAsync("DeleteStorageKey", [.. keyNames, "GrainStateVersion"], [.. key, 4])).ShouldBe(5);
        (await db.RowsAsync("ReadFromStorageKey", keyNames, key)).ShouldBeEmpty();

        // An integer-keyed grain without key extension is a different state than one with it.
        object?[] integerKey = [17, 0L, 0L, 99, "JobKeyGrain", null, "service"];
        (await db.ScalarAsync("WriteToStorageKey", [.. keyNames, "GrainStateVersion", "PayloadBinary"], [.. integerKey, null, new byte[] { 6 }])).ShouldBe(1);
        (await db.RowsAsync("ReadFromStorageKey", keyNames, integerKey)).ShouldHaveSingleItem()["version"].ShouldBe(1);
    }

    [Fact]
    public async Task Membership_changes_succeed_only_on_the_table_version_last_read()
    {
        await using var database = await PostgresDatabase.CreateWithSchemaAsync();
        await using var db = await Queries.OpenAsync(database);
        string[] silo = ["DeploymentId", "Address", "Port", "Generation"];
        object?[] a = ["cluster", "10.0.0.1", 11111, 7];

        (await db.RowsAsync("MembershipReadAllKey", ["DeploymentId"], ["cluster"])).ShouldBeEmpty();
        (await db.ScalarAsync("InsertMembershipVersionKey", ["DeploymentId"], ["cluster"])).ShouldBe(1);
        (await db.ScalarAsync("InsertMembershipVersionKey", ["DeploymentId"], ["cluster"])).ShouldBe(0);
        var empty = (await db.RowsAsync("MembershipReadAllKey", ["DeploymentId"], ["cluster"])).ShouldHaveSingleItem();
        empty["starttime"].ShouldBeNull();
        empty["version"].ShouldBe(0);

        string[] insert = [.. silo, "SiloName", "HostName", "Status", "ProxyPort", "StartTime", "IAmAliveTime", "Version"];
        (await db.ScalarAsync("InsertMembershipKey", insert, [.. a, "silo-a", "host", 1, 30000, Now, Now, 1])).ShouldBe(0, "stale table version");
        (await db.ScalarAsync("InsertMembershipKey", insert, [.. a, "silo-a", "host", 1, 30000, Now, Now, 0])).ShouldBe(1);
        (await db.ScalarAsync("InsertMembershipKey", insert, [.. a, "silo-a", "host", 1, 30000, Now, Now, 1])).ShouldBe(0, "the row exists");

        string[] update = [.. silo, "Status", "SuspectTimes", "IAmAliveTime", "Version"];
        (await db.ScalarAsync("UpdateMembershipKey", update, [.. a, 3, null, Now, 0])).ShouldBe(0, "stale table version");
        (await db.ScalarAsync("UpdateMembershipKey", update, [.. a, 3, null, Now, 1])).ShouldBe(1);
        await db.ExecuteAsync("UpdateIAmAlivetimeKey", [.. silo, "IAmAliveTime"], [.. a, Now.AddSeconds(5)]);

        var row = (await db.RowsAsync("MembershipReadRowKey", silo, a)).ShouldHaveSingleItem();
        row["status"].ShouldBe(3);
        row["version"].ShouldBe(2, "the heartbeat does not change the table version");
        row["iamalivetime"].ShouldBe(Now.AddSeconds(5));
        (await db.RowsAsync("GatewaysQueryKey", ["DeploymentId", "Status"], ["cluster", 3])).ShouldHaveSingleItem()["proxyport"].ShouldBe(30000);

        (await db.ScalarAsync("UpdateMembershipKey", update, [.. a, 6, null, Now, 2])).ShouldBe(1);
        await db.ExecuteAsync("CleanupDefunctSiloEntriesKey", ["DeploymentId", "IAmAliveTime"], ["cluster", Now.AddMinutes(1)]);
        (await db.RowsAsync("MembershipReadAllKey", ["DeploymentId"], ["cluster"])).ShouldHaveSingleItem()["starttime"].ShouldBeNull("the dead silo's row is gone");
        await db.ExecuteAsync("DeleteMembershipTableEntriesKey", ["DeploymentId"], ["cluster"]);
        (await db.RowsAsync("MembershipReadAllKey", ["DeploymentId"], ["cluster"])).ShouldBeEmpty();
    }

    [Fact]
    public async Task Reminders_are_versioned_and_read_by_hash_range()
    {
        await using var database = await PostgresDatabase.CreateWithSchemaAsync();
        await using var db = await Queries.OpenAsync(database);
        string[] upsert = ["ServiceId", "GrainHash", "GrainId", "ReminderName", "StartTime", "Period"];

        (await db.ScalarAsync("UpsertReminderRowKey", upsert, ["svc", -5, "job/a", "close", Now, 60_000])).ShouldBe(0);
        (await db.ScalarAsync("UpsertReminderRowKey", upsert, ["svc", -5, "job/a", "close", Now, 120_000L])).ShouldBe(1);
        (await db.ScalarAsync("UpsertReminderRowKey", upsert, ["svc", 500, "job/b", "close", Now, 60_000])).ShouldBe(0);

        var a = (await db.RowsAsync("ReadReminderRowKey", ["ServiceId", "GrainId", "ReminderName"], ["svc", "job/a", "close"])).ShouldHaveSingleItem();
        a["period"].ShouldBe(120_000L);
        a["starttime"].ShouldBe(Now);
        (await db.RowsAsync("ReadReminderRowsKey", ["ServiceId", "GrainId"], ["svc", "job/b"])).Count.ShouldBe(1);
        (await db.RowsAsync("ReadRangeRows1Key", ["ServiceId", "BeginHash", "EndHash"], ["svc", -10, 0])).Single()["grainid"].ShouldBe("job/a");
        (await db.RowsAsync("ReadRangeRows2Key", ["ServiceId", "BeginHash", "EndHash"], ["svc", 100, -10])).Single()["grainid"].ShouldBe("job/b");

        (await db.ScalarAsync("DeleteReminderRowKey", ["ServiceId", "GrainId", "ReminderName", "Version"], ["svc", "job/a", "close", 0])).ShouldBe(0);
        (await db.ScalarAsync("DeleteReminderRowKey", ["ServiceId", "GrainId", "ReminderName", "Version"], ["svc", "job/a", "close", 1])).ShouldBe(1);
        await db.ExecuteAsync("DeleteReminderRowsKey", ["ServiceId"], ["svc"]);
        (await db.RowsAsync("ReadRangeRows2Key", ["ServiceId", "BeginHash", "EndHash"], ["svc", 0, 0])).ShouldBeEmpty();
    }

    /// <summary>The stored query texts of one database and a connection to run them on.</summary>
    private sealed class Queries(NpgsqlConnection connection, Dictionary<string, string> texts) : IAsyncDisposable
    {
        public static async Task<Queries> OpenAsync(PostgresDatabase database)
        {
            var texts = (await database.QueryAsync("SELECT QueryKey, QueryText FROM OrleansQuery", r => (r.GetString(0), r.GetString(1)))).ToDictionary();
            var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            return new Queries(connection, texts);
        }

        public async Task<object?> ScalarAsync(string key, string[] names, object?[] values)
        {
            var rows = await RowsAsync(key, names, values);
            return rows.Count == 0 ? null : rows.ShouldHaveSingleItem().Values.First();
        }

        public async Task ExecuteAsync(string key, string[] names, object?[] values)
        {
            await using var command = Command(key, names, values);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        /// <summary>Each row as column name (lower case, as PostgreSQL returns it) to value, NULL as null.</summary>
        public async Task<List<Dictionary<string, object?>>> RowsAsync(string key, string[] names, object?[] values)
        {
            await using var command = Command(key, names, values);
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            var rows = new List<Dictionary<string, object?>>();
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
            }

            return rows;
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();

        private NpgsqlCommand Command(string key, string[] names, object?[] values)
        {
            var command = new NpgsqlCommand(texts[key], connection);
            for (var i = 0; i < names.Length; i++)
            {
                // As Orleans adds them: a name and a value, no type; NULL is DBNull.
                var parameter = command.CreateParameter();
                parameter.ParameterName = names[i];
                parameter.Value = values[i] ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            return command;
        }
    }
}

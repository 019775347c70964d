using Orleans.Analytics.Silo.Hosting;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>deploy/sql/postgresql against a real PostgreSQL, and the silo's start-up check of the database.</summary>
public sealed class PostgresSchemaTests
{
    // What Orleans' ADO.NET providers (10.x) read from OrleansQuery at start; a missing key fails the provider.
    private static readonly string[] ClusteringKeys =
    [
        "CleanupDefunctSiloEntriesKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey", "InsertMembershipKey",
        "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
    ];

    private static readonly string[] PersistenceKeys = ["ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey"];

    private static readonly string[] ReminderKeys =
    [
        "DeleteReminderRowKey", "DeleteReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
        "ReadReminderRowsKey", "UpsertReminderRowKey",
    ];

    [Fact]
    public async Task Schema_applies_to_an_empty_database_with_every_query_the_providers_read()
    {
        await using var database = await PostgresDatabase.CreateAsync();

        foreach (var file in PostgresDatabase.SchemaFiles)
        {
            var (exitCode, output) = await database.PsqlAsync(file);
            exitCode.ShouldBe(0, output);
            output.ShouldNotContain("ERROR");
        }

        var keys = await database.QueryAsync("SELECT QueryKey FROM OrleansQuery", r => r.GetString(0));
        ClusteringKeys.Concat(PersistenceKeys).Concat(ReminderKeys).ShouldBeSubsetOf(keys);
        var tables = await database.QueryAsync(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", r => r.GetString(0));
        tables.ShouldBe(["orleansquery", "orleansmembershipversiontable", "orleansmembershiptable", "orleansstorage", "orleansreminderstable"], ignoreOrder: true);
    }

    [Fact]
    public async Task Schema_applies_again_to_a_database_that_has_it()
    {
        await using var database = await PostgresDatabase.CreateWithSchemaAsync();

        foreach (var file in PostgresDatabase.SchemaFiles)
        {
            var (exitCode, output) = await database.PsqlAsync(file);
            exitCode.ShouldBe(0, output);
        }

        (await database.QueryAsync("SELECT count(*) FROM OrleansQuery", r => r.GetInt64(0))).Single()
            .ShouldBe(ClusteringKeys.Length + PersistenceKeys.Length + ReminderKeys.Length + 1, "the keys above and the optional per-row membership cleanup");
    }

    [Fact]
    public async Task A_database_without_the_schema_stops_start_up_naming_the_missing_table()
    {
        await using var database = await PostgresDatabase.CreateAsync();

        var error = Should.Throw<SiloConfigurationException>(() => InProcessSilo.Build(Settings(database.ConnectionString)));

        error.Problems.Count.ShouldBe(1);
        error.Message.ShouldContain("table orleansmembershiptable missing");
        error.Message.ShouldContain("apply the files of deploy/sql/postgresql");
        error.Message.ShouldContain($"Database={database.Name}");
    }

    [Fact]
    public async Task A_wrong_password_stops_start_up_naming_the_key_without_the_password()
    {
        await using var database = await PostgresDatabase.CreateWithSchemaAsync();
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = "not-the-password-42" }.ConnectionString;

        var error = Should.Throw<SiloConfigurationException>(() => InProcessSilo.Build(Settings(connectionString)));

        error.Problems.Count.ShouldBe(1);
        error.Message.ShouldContain("Storage:ConnectionString (Host=127.0.0.1");
        error.Message.ShouldContain("Password=***");
        error.Message.ShouldContain("password authentication failed");
        error.Message.ShouldNotContain("not-the-password-42");
    }

    [Fact]
    public void An_unreachable_database_stops_start_up_naming_the_key()
    {
        var error = Should.Throw<SiloConfigurationException>(() => InProcessSilo.Build(Settings("Host=127.0.0.1;Port=1;Database=x;Username=u;Password=secret-7;Timeout=3")));

        error.Problems.Single().ShouldStartWith("PostgreSQL at Storage:ConnectionString (Host=127.0.0.1;Port=1;Database=x;Username=u;Password=***) could not be reached");
        error.Message.ShouldNotContain("secret-7");
    }

    [Fact]
    public void AdoNet_without_a_connection_string_is_one_problem_naming_the_key()
    {
        var settings = Settings(connectionString: null);

        var error = Should.Throw<SiloConfigurationException>(() => InProcessSilo.Build(settings));

        error.Problems.ShouldHaveSingleItem().ShouldStartWith("Storage:ConnectionString is empty; Orleans:Clustering=AdoNet and Storage:Provider=AdoNet use PostgreSQL");
    }

    private static Dictionary<string, string?> Settings(string? connectionString) => new()
    {
        ["Kafka:BootstrapServers"] = "127.0.0.1:1",
        ["Orleans:Clustering"] = "AdoNet",
        ["Storage:Provider"] = "AdoNet",
        ["Storage:ConnectionString"] = connectionString,
    };
}

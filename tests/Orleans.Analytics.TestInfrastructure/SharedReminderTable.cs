using System.Collections.Concurrent;
using System.Globalization;

namespace Orleans.Analytics.TestInfrastructure;

/// <summary>
/// A reminder table shared by every silo of the test process and outside them, so reminders survive a killed
/// silo as they would in a database. ETags are checked like a real table.
/// </summary>
public sealed class SharedReminderTable : IReminderTable
{
    private static readonly ConcurrentDictionary<(GrainId Grain, string Name), ReminderEntry> s_rows = new();
    private static long s_version;

    public static void Clear() => s_rows.Clear();

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Task.FromResult(new ReminderTableData(s_rows.Values.Where(r => r.GrainId == grainId).Select(Copy)));

    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        Task.FromResult(new ReminderTableData(s_rows.Values.Where(r => InRange(r.GrainId.GetUniformHashCode(), begin, end)).Select(Copy)));

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        Task.FromResult(s_rows.TryGetValue((grainId, reminderName), out var row) ? Copy(row) : null);

    public Task<string?> UpsertRow(ReminderEntry entry)
    {
        var row = Copy(entry);
        row.ETag = Interlocked.Increment(ref s_version).ToString(CultureInfo.InvariantCulture);
        s_rows[(entry.GrainId, entry.ReminderName)] = row;
        return Task.FromResult<string?>(row.ETag);
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        var key = (grainId, reminderName);
        return Task.FromResult(s_rows.TryGetValue(key, out var row) && row.ETag == eTag && s_rows.TryRemove(new KeyValuePair<(GrainId, string), ReminderEntry>(key, row)));
    }

    public Task TestOnlyClearTable()
    {
        s_rows.Clear();
        return Task.CompletedTask;
    }

    private static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderEntry Copy(ReminderEntry row) => new()
    {
        GrainId = row.GrainId,
        ReminderName = row.ReminderName,
        StartAt = row.StartAt,
        Period = row.Period,
        ETag = row.ETag,
    };
}

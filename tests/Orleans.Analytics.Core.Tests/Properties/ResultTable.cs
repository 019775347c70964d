using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Tests.Properties;

/// <summary>
/// What a consumer of a compacted result topic holds: the latest record per result key (grouping key and window
/// start), a key dropped on its tombstone (a <see cref="EmissionKind.Retraction"/>).
/// </summary>
internal sealed class ResultTable
{
    private readonly Dictionary<(string Key, long Start), WindowEmission<string, string>> _latest = [];
    private readonly List<(string Key, long Start)> _justDropped = [];

    public int Tombstones { get; private set; }

    public void Apply(IEnumerable<WindowEmission<string, string>> emissions, string context)
    {
        _justDropped.Clear();
        foreach (var e in emissions)
        {
            var id = (e.Key, e.Window.Start);
            var held = _latest.TryGetValue(id, out var earlier);
            if (e.Kind == EmissionKind.Retraction)
            {
                // A tombstone for a key that holds nothing means a never-emitted session or a second retraction.
                held.ShouldBeTrue($"{context}: tombstone for {id}, which holds no record");
                e.Revision.ShouldBeGreaterThan(earlier.Revision, $"{context}: tombstone for {id} below the revision it deletes");
                _latest.Remove(id);
                _justDropped.Add(id);
                Tombstones++;
            }
            else
            {
                if (held)
                {
                    e.Revision.ShouldBeGreaterThan(earlier.Revision, $"{context}: {id} re-emitted without a higher revision");
                }

                _latest[id] = e;
            }
        }
    }

    /// <summary>
    /// The table names only live sessions, each closed one (end at or before <paramref name="watermark"/>) with its
    /// exact contents; an open one may be missing or one emission behind, never holding a record it lacks. No key the
    /// last <see cref="Apply"/> dropped names a live session, even if a record put it back in the same batch.
    /// </summary>
    public void ShouldHoldLiveSessions(IEnumerable<LiveSession> sessions, long watermark, string context)
    {
        var all = sessions.ToList();
        var shared = all.GroupBy(s => (s.Key, s.Start)).FirstOrDefault(g => g.Count() > 1);
        shared.ShouldBeNull($"{context}: sessions {string.Join(" and ", shared?.Select(s => s.ToString()) ?? [])} share a result key");
        var live = all.ToDictionary(s => (s.Key, s.Start));
        foreach (var id in _justDropped)
        {
            live.ContainsKey(id).ShouldBeFalse($"{context}: tombstone for {id}, the key of a live session");
        }

        foreach (var (id, record) in _latest)
        {
            live.TryGetValue(id, out var session).ShouldBeTrue($"{context}: {id} holds {record.Result} but names no live session");
            Ids(record.Result).ShouldBeSubsetOf(Ids(session.Contents), $"{context}: {id}");
        }

        foreach (var session in live.Values.Where(s => s.End <= watermark))
        {
            var id = (session.Key, session.Start);
            _latest.TryGetValue(id, out var record).ShouldBeTrue($"{context}: closed session {id} with {session.Contents} is missing");
            record.Result.ShouldBe(session.Contents, $"{context}: {id}");
        }
    }

    private static string[] Ids(string contents) => contents.Length == 0 ? [] : contents.Split(',');
}

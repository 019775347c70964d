using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Tests.Properties;

/// <summary>An emission in a comparable, printable form.</summary>
internal readonly record struct Emitted(string Key, long Start, long End, int Revision, string Contents, EmissionKind Kind)
{
    public static Emitted From(WindowEmission<string, string> e) =>
        new(e.Key, e.Window.Start, e.Window.End, e.Revision, e.Result, e.Kind);

    public static List<Emitted> Sorted(IEnumerable<Emitted> emissions) =>
        [.. emissions.OrderBy(e => e.Key, StringComparer.Ordinal).ThenBy(e => e.Start).ThenBy(e => e.Revision).ThenBy(e => e.End)];
}

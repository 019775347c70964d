namespace Orleans.Analytics.Deploy.Tests;

/// <summary>Navigation in the trees <see cref="Yaml"/> builds, failing with the path that was missing.</summary>
internal static class TreeExtensions
{
    public static Dictionary<string, object?> Map(this Dictionary<string, object?> tree, string key) =>
        tree.GetValueOrDefault(key) as Dictionary<string, object?>
        ?? throw new ShouldAssertException($"'{key}' is missing or not a mapping; keys: {string.Join(", ", tree.Keys)}");

    public static List<object?> List(this Dictionary<string, object?> tree, string key) =>
        tree.GetValueOrDefault(key) as List<object?>
        ?? throw new ShouldAssertException($"'{key}' is missing or not a sequence; keys: {string.Join(", ", tree.Keys)}");

    public static string Text(this Dictionary<string, object?> tree, string key) =>
        tree.GetValueOrDefault(key) as string
        ?? throw new ShouldAssertException($"'{key}' is missing or not a scalar; keys: {string.Join(", ", tree.Keys)}");

    public static string? TextOrNull(this Dictionary<string, object?> tree, string key) => tree.GetValueOrDefault(key) as string;

    public static IEnumerable<Dictionary<string, object?>> Maps(this Dictionary<string, object?> tree, string key) =>
        tree.List(key).OfType<Dictionary<string, object?>>();

    public static Dictionary<string, object?>? MapOrNull(this Dictionary<string, object?> tree, string key) =>
        tree.GetValueOrDefault(key) as Dictionary<string, object?>;

    /// <summary>Follows a path of mapping keys separated by '.'.</summary>
    public static Dictionary<string, object?> At(this Dictionary<string, object?> tree, string path) =>
        path.Split('.').Aggregate(tree, (node, key) => node.Map(key));
}

using YamlDotNet.RepresentationModel;

namespace Orleans.Analytics.Deploy.Tests;

/// <summary>
/// YAML documents as plain trees: mappings become <see cref="Dictionary{TKey,TValue}"/> of string to object,
/// sequences <see cref="List{T}"/>, scalars strings.
/// </summary>
internal static class Yaml
{
    public static IReadOnlyList<Dictionary<string, object?>> LoadAll(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents
            .Select(d => ToTree(d.RootNode))
            .OfType<Dictionary<string, object?>>()];
    }

    public static Dictionary<string, object?> Load(string text) =>
        LoadAll(text).ShouldHaveSingleItem("expected one YAML document");

    private static object? ToTree(YamlNode node) => node switch
    {
        YamlMappingNode mapping => mapping.Children.ToDictionary(
            pair => ((YamlScalarNode)pair.Key).Value ?? "", pair => ToTree(pair.Value), StringComparer.Ordinal),
        YamlSequenceNode sequence => sequence.Children.Select(ToTree).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => null,
    };
}

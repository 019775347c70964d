using System.Text.RegularExpressions;

namespace Orleans.Analytics.Kafka;

/// <summary>Kafka's rule for topic names.</summary>
public static partial class KafkaTopicNames
{
    /// <summary>Whether <paramref name="name"/> is a legal topic name: 1-249 characters of letters, digits, '.', '_' and '-', not '.' or '..'.</summary>
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 249 && name is not "." and not ".." && Legal().IsMatch(name);

    [GeneratedRegex("^[a-zA-Z0-9._-]+$")]
    private static partial Regex Legal();
}

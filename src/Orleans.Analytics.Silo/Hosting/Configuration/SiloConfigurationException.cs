namespace Orleans.Analytics.Silo.Hosting;

/// <summary>The silo's configuration has bad values; the message lists each with its key and what is allowed.</summary>
internal sealed class SiloConfigurationException(IReadOnlyList<string> problems)
    : Exception("The configuration is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>The <c>Orleans</c> configuration section of the silo.</summary>
internal sealed class OrleansSettings
{
    public const string Section = "Orleans";

    public string ClusterId { get; set; } = "orleans-analytics";

    public string ServiceId { get; set; } = "orleans-analytics";

    /// <summary>The short form <c>Orleans:Clustering</c>: <c>Localhost</c> (one machine, the default when unset).</summary>
    public string? Clustering { get; set; }

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;
}

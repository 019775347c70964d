namespace Orleans.Analytics.Silo.Hosting;

/// <summary>The <c>Orleans</c> configuration section of the silo.</summary>
internal sealed class OrleansSettings
{
    public const string Section = "Orleans";

    public string ClusterId { get; set; } = "orleans-analytics";

    public string ServiceId { get; set; } = "orleans-analytics";

    /// <summary>
    /// The short form <c>Orleans:Clustering</c>: <c>Localhost</c> (one machine, the default when unset), <c>AdoNet</c>
    /// (membership in PostgreSQL at <c>Storage:ConnectionString</c>) or <c>Kubernetes</c> (AdoNet plus Orleans' Kubernetes hosting).
    /// </summary>
    public string? Clustering { get; set; }

    /// <summary>With <c>Orleans:Clustering=AdoNet</c>: the address other silos reach this one at; default: the host's.</summary>
    public string? AdvertisedIPAddress { get; set; }

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;
}

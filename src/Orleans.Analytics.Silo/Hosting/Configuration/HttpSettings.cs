namespace Orleans.Analytics.Silo.Hosting;

/// <summary>The <c>Http</c> configuration section: who may see the dashboard, the status API and the metrics.</summary>
internal sealed class HttpSettings
{
    public const string Section = "Http";

    public HttpAuthSettings Auth { get; set; } = new();
}

/// <summary>
/// <c>Http:Auth</c>. Off unless <see cref="Password"/> is set; then HTTP Basic authentication protects
/// <c>/dashboard</c>, <c>/api/*</c> and <c>/pipeline</c>, and <c>/metrics</c> too with <see cref="ProtectMetrics"/>.
/// <c>/healthz</c> and <c>/ready</c> stay open for probes. Use it behind TLS (an ingress or Container Apps' ingress).
/// </summary>
internal sealed class HttpAuthSettings
{
    public string Username { get; set; } = "admin";

    public string? Password { get; set; }

    public bool ProtectMetrics { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(Password);
}

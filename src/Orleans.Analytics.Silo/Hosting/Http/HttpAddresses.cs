namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// Where the silo's HTTP listens, by ASP.NET Core's conventions and their order: <c>--urls</c>, <c>Urls</c> (a key,
/// or the <c>Urls</c> environment variable), <c>ASPNETCORE_URLS</c> / <c>DOTNET_URLS</c>, then
/// <c>ASPNETCORE_HTTP_PORTS</c> / <c>ASPNETCORE_HTTPS_PORTS</c> (which the official .NET images set), with
/// <c>Kestrel:Endpoints</c> over all of them. Only when none is set does the silo pick its own default.
/// </summary>
internal static class HttpAddresses
{
    /// <summary>Where the silo listens when nothing says otherwise.</summary>
    public const string Default = "http://localhost:8080";

    /// <summary>Listens on <see cref="Default"/> unless the configuration chooses addresses or ports in one of ASP.NET Core's ways.</summary>
    public static void UseDefaultWhenUnset(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var chosen = !string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
            || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey])
            || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!chosen)
        {
            builder.WebHost.UseUrls(Default);
        }
    }
}

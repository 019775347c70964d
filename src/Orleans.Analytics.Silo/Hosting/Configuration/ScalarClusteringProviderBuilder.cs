using System.Globalization;
using Orleans.Analytics.Silo.Hosting;
using Orleans.Providers;

[assembly: RegisterProvider("Default", "Clustering", "Silo", typeof(ScalarClusteringProviderBuilder))]

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// Orleans reads the <c>Orleans</c> configuration section itself and treats <c>Orleans:Clustering</c> as a provider
/// section (<c>Orleans:Clustering:ProviderType=...</c>). This silo also accepts the short form
/// <c>Orleans:Clustering=Localhost</c> (or <c>AdoNet</c>, <c>Kubernetes</c>, see <see cref="AdoNetHosting"/>): a section
/// without a provider type reaches Orleans' "Default" provider, which is this one, and it configures the named kind of
/// clustering with <c>Orleans:SiloPort</c> and <c>Orleans:GatewayPort</c>.
/// </summary>
internal sealed class ScalarClusteringProviderBuilder : IProviderBuilder<ISiloBuilder>
{
    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection)
    {
        var kind = configurationSection.Value;
        var siloPort = Port(builder.Configuration["Orleans:SiloPort"], 11111);
        var gatewayPort = Port(builder.Configuration["Orleans:GatewayPort"], 30000);
        if (string.Equals(kind, "Localhost", StringComparison.OrdinalIgnoreCase))
        {
            builder.UseLocalhostClustering(
                siloPort,
                gatewayPort,
                serviceId: builder.Configuration["Orleans:ServiceId"] ?? "orleans-analytics",
                clusterId: builder.Configuration["Orleans:ClusterId"] ?? "orleans-analytics");
            return;
        }

        if (AdoNetHosting.UsesAdoNetClustering(kind))
        {
            AdoNetHosting.UseClustering(builder, kind!, siloPort, gatewayPort);
            return;
        }

        throw new SiloConfigurationException([$"Orleans:Clustering is '{kind}'; allowed: Localhost, AdoNet, Kubernetes (or an Orleans provider section with ProviderType)."]);
    }

    private static int Port(string? value, int fallback) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : fallback;
}

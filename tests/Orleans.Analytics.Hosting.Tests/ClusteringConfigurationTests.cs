using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>What <c>Orleans:Clustering=AdoNet|Kubernetes</c> configures, read back from the built silo's options.</summary>
public sealed class ClusteringConfigurationTests
{
    [Fact]
    public async Task Kubernetes_clustering_keeps_membership_in_PostgreSQL_with_the_configured_ports_and_identity()
    {
        await using var database = await PostgresDatabase.CreateWithSchemaAsync();
        await using var app = InProcessSilo.Build(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "127.0.0.1:1",
            ["Orleans:Clustering"] = "Kubernetes",
            ["Orleans:ClusterId"] = "analytics-k8s",
            ["Orleans:ServiceId"] = "analytics-service",
            ["Orleans:SiloPort"] = "11500",
            ["Orleans:GatewayPort"] = "30500",
            ["Orleans:AdvertisedIPAddress"] = null,
            ["Storage:ConnectionString"] = database.ConnectionString,
        });

        var membership = app.Services.GetRequiredService<IOptions<AdoNetClusteringSiloOptions>>().Value;
        membership.Invariant.ShouldBe("Npgsql");
        membership.ConnectionString.ShouldBe(database.ConnectionString);
        var cluster = app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        cluster.ClusterId.ShouldBe("analytics-k8s");
        cluster.ServiceId.ShouldBe("analytics-service");
        // Orleans' Kubernetes hosting is in place: outside a pod it asks for the pod's namespace...
        Should.Throw<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<SiloOptions>>().Value)
            .Message.ShouldContain("POD_NAMESPACE");
        // ...and inside one it advertises the pod's IP and names the silo after the pod.
        Environment.SetEnvironmentVariable("POD_NAMESPACE", "analytics");
        Environment.SetEnvironmentVariable("POD_NAME", "analytics-silo-0");
        Environment.SetEnvironmentVariable("POD_IP", "10.1.2.3");
        try
        {
            var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
            endpoints.SiloPort.ShouldBe(11500);
            endpoints.GatewayPort.ShouldBe(30500);
            endpoints.AdvertisedIPAddress.ShouldBe(System.Net.IPAddress.Parse("10.1.2.3"));
            app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName.ShouldBe("analytics-silo-0");
        }
        finally
        {
            Environment.SetEnvironmentVariable("POD_NAMESPACE", null);
            Environment.SetEnvironmentVariable("POD_NAME", null);
            Environment.SetEnvironmentVariable("POD_IP", null);
        }
    }

    [Fact]
    public async Task AdoNet_clustering_advertises_the_configured_address_and_binds_the_membership_options()
    {
        await using var database = await PostgresDatabase.CreateWithSchemaAsync();
        await using var app = InProcessSilo.Build(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "127.0.0.1:1",
            ["Orleans:Clustering"] = "AdoNet",
            ["Orleans:AdvertisedIPAddress"] = "127.0.0.1",
            ["Orleans:ClusterMembership:ProbeTimeout"] = "00:00:03",
            ["Storage:ConnectionString"] = database.ConnectionString,
        });

        app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value.AdvertisedIPAddress.ShouldBe(System.Net.IPAddress.Loopback);
        app.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value.ProbeTimeout.ShouldBe(TimeSpan.FromSeconds(3));
        app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId.ShouldBe("orleans-analytics");
        // Storage stays in memory unless Storage:Provider=AdoNet.
        app.Services.GetService<IOptionsMonitor<AdoNetGrainStorageOptions>>()?.Get("Default").ConnectionString.ShouldBeNull();
    }
}

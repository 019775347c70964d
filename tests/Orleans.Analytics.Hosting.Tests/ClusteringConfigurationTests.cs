using Orleans.Analytics.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>What <c>Orleans:Clustering=AdoNet|Kubernetes</c> configures, read back from the built silo's options.</summary>
public sealed class ClusteringConfigurationTests
{
    [Fact]
    public async Task Kubernetes_clustering_keeps_membership_in_PostgreSQL_and_uses_the_pod_s_identity()
    {
        await using var database = await PostgresDatabase.CreateWithSchemaAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "127.0.0.1:1",
            ["Orleans:Clustering"] = "Kubernetes",
            ["Orleans:ClusterId"] = "analytics-k8s",
            ["Orleans:ServiceId"] = "analytics-service",
            ["Orleans:SiloPort"] = "11500",
            ["Orleans:GatewayPort"] = "30500",
            ["Orleans:AdvertisedIPAddress"] = null,
            ["Storage:ConnectionString"] = database.ConnectionString,
        };

        // Outside a pod the namespace is unknown, and start-up says so at once.
        Should.Throw<SiloConfigurationException>(() => InProcessSilo.Build(settings))
            .Problems.ShouldHaveSingleItem().ShouldContain("POD_NAMESPACE");

        // In a pod (the downward API's variables), membership is in PostgreSQL and the silo is the pod.
        Environment.SetEnvironmentVariable("POD_NAMESPACE", "analytics");
        Environment.SetEnvironmentVariable("POD_NAME", "analytics-silo-0");
        Environment.SetEnvironmentVariable("POD_IP", "10.1.2.3");
        try
        {
            await using var app = InProcessSilo.Build(settings);
            var membership = app.Services.GetRequiredService<IOptions<AdoNetClusteringSiloOptions>>().Value;
            membership.Invariant.ShouldBe("Npgsql");
            membership.ConnectionString.ShouldBe(database.ConnectionString);
            var cluster = app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
            cluster.ClusterId.ShouldBe("analytics-k8s");
            cluster.ServiceId.ShouldBe("analytics-service");
            var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
            endpoints.SiloPort.ShouldBe(11500);
            endpoints.GatewayPort.ShouldBe(30500);
            endpoints.AdvertisedIPAddress.ShouldBe(System.Net.IPAddress.Parse("10.1.2.3"));
            endpoints.SiloListeningEndpoint.ShouldBe(new System.Net.IPEndPoint(System.Net.IPAddress.Any, 11500));
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

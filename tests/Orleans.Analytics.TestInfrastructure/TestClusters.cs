using Orleans.TestingHost;

namespace Orleans.Analytics.TestInfrastructure;

/// <summary>Starts TestingHost clusters wired to the embedded Kafka.</summary>
public static class TestClusters
{
    /// <summary>Starts <paramref name="silos"/> in-process silos configured by <typeparamref name="TConfigurator"/>, with <paramref name="properties"/> as configuration.</summary>
    public static async Task<TestCluster> StartAsync<TConfigurator>(short silos, IReadOnlyDictionary<string, string> properties)
        where TConfigurator : ISiloConfigurator, new()
    {
        var builder = new TestClusterBuilder(silos);
        foreach (var (key, value) in properties)
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<TConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}

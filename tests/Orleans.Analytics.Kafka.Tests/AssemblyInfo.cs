using Orleans.Analytics.TestInfrastructure;

[assembly: AssemblyFixture(typeof(EmbeddedKafkaFixture))]

// Cluster tests share one machine's two cores and the process-wide test probe; run test classes one at a time.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

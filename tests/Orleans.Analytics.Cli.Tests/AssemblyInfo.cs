using Orleans.Analytics.TestInfrastructure;

[assembly: AssemblyFixture(typeof(EmbeddedKafkaFixture))]

// The commands share one machine's two cores and the embedded Kafka; run test classes one at a time.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

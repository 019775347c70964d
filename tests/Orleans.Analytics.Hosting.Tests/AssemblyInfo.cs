using Orleans.Analytics.TestInfrastructure;

[assembly: AssemblyFixture(typeof(EmbeddedKafkaFixture))]
// Silos, PostgreSQL and the embedded Kafka share two cores: one test at a time.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

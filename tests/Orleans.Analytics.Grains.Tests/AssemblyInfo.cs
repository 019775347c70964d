using Orleans.Analytics.TestInfrastructure;

[assembly: AssemblyFixture(typeof(EmbeddedKafkaFixture))]
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

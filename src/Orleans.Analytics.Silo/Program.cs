using Microsoft.Extensions.Options;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Silo.Hosting;

try
{
    var app = AnalyticsSilo.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is SiloConfigurationException or OptionsValidationException or KafkaSetupException)
{
    // One clear message naming the key or object at fault, not a stack trace.
    await Console.Error.WriteLineAsync("Orleans.Analytics silo did not start. " + ex.Message);
    return 2;
}

using Orleans.Analytics.Silo.Hosting;

try
{
    var app = AnalyticsSilo.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupFailure.Explain(ex) is { } message)
{
    // One clear message naming the key or object at fault, not a stack trace.
    await Console.Error.WriteLineAsync("Orleans.Analytics silo did not start. " + message);
    return 2;
}

using System.CommandLine;
using Orleans.Analytics.Benchmarks;

var root = new RootCommand("Orleans.Analytics load commands; each prints its figures next to a reference measured in the same run.");
root.Subcommands.Add(ProviderThroughputCommand.Create());
root.Subcommands.Add(PipelineThroughputCommand.Create());
return await root.Parse(args).InvokeAsync();

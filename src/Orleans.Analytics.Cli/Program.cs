using Orleans.Analytics.Cli;

return CliApp.Run(args, Console.Out, Console.Error);

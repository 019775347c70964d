using System.CommandLine;
using Orleans.Analytics.Cli.Commands;

namespace Orleans.Analytics.Cli;

/// <summary>Builds the root command from the command classes and runs it.</summary>
internal static class CliApp
{
    /// <summary>Exit code for unusable input or options.</summary>
    public const int BadInput = 2;

    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("Orleans.Analytics command-line tool.");
        root.Subcommands.Add(TdaCommand.Create());
        root.Subcommands.Add(KafkaCommands.Produce());
        root.Subcommands.Add(KafkaCommands.Consume());
        root.Subcommands.Add(KafkaCommands.Topics());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(QueryCommand.Create());
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var parseResult = BuildRootCommand().Parse(args);
        // Ctrl+C cancels the running command, which then flushes its producer and prints its summary: give it the time.
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = TimeSpan.FromSeconds(15) };
        if (parseResult.Errors.Count > 0 && parseResult.Action is not System.CommandLine.Help.HelpAction)
        {
            error.WriteLine(parseResult.Errors[0].Message);
            return BadInput;
        }

        return parseResult.Invoke(configuration);
    }
}

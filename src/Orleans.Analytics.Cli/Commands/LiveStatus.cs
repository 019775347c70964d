using Spectre.Console;

namespace Orleans.Analytics.Cli.Commands;

/// <summary>
/// Shows a long-running command's progress: a live status line on an interactive terminal, plain lines every few
/// seconds when the output is redirected or captured.
/// </summary>
internal static class LiveStatus
{
    private static readonly TimeSpan TerminalRefresh = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PlainRefresh = TimeSpan.FromSeconds(5);

    public static async Task<T> RunAsync<T>(TextWriter output, Func<string> describe, Func<Task<T>> work)
    {
        var task = work();
        if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
        {
            return await AnsiConsole.Status().StartAsync(describe(), async context =>
            {
                while (!task.IsCompleted)
                {
                    await Task.WhenAny(task, Task.Delay(TerminalRefresh));
                    context.Status(Markup.Escape(describe()));
                }

                return await task;
            });
        }

        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(PlainRefresh));
            if (!task.IsCompleted)
            {
                await output.WriteLineAsync(describe());
            }
        }

        return await task;
    }
}

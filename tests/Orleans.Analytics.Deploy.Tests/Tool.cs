using System.ComponentModel;
using System.Diagnostics;

namespace Orleans.Analytics.Deploy.Tests;

/// <summary>Runs a command-line tool in the repository root and captures what it printed.</summary>
internal static class Tool
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Runs <paramref name="fileName"/>; a tool that is not installed fails the test with a message saying how to
    /// install it (the deploy checks are worth nothing if they silently do not run).
    /// </summary>
    public static async Task<ToolResult> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"'{fileName}' is not installed or not on PATH ({ex.Message}); scripts/install-test-deps.sh installs it.", ex);
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(s_timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {s_timeout}.");
            }

            return new ToolResult($"{fileName} {string.Join(' ', arguments)}", process.ExitCode, await stdout, await stderr);
        }
    }
}

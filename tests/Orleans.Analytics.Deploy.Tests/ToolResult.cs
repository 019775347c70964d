namespace Orleans.Analytics.Deploy.Tests;

/// <summary>What a tool run printed and how it ended.</summary>
internal sealed record ToolResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Fails with the tool's own output when it did not exit with 0.</summary>
    public ToolResult ShouldSucceed()
    {
        ExitCode.ShouldBe(0, $"`{Command}` failed:\n{StandardOutput}\n{StandardError}");
        return this;
    }
}

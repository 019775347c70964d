namespace Orleans.Analytics.Deploy.Tests;

/// <summary>yamllint, with the repository's .yamllint, over every YAML file of the deployments.</summary>
public sealed class YamlLintTests
{
    [Fact]
    public async Task Deploy_folder_and_compose_file_pass_yamllint_without_warnings()
    {
        var result = await Tool.RunAsync("yamllint", "--strict", "-c", ".yamllint", "-f", "parsable", "docker-compose.yml", "deploy", ".yamllint");

        result.ShouldSucceed();
    }

    [Fact]
    public async Task Yamllint_would_catch_a_broken_file()
    {
        // Proves the check above can fail: the same configuration rejects a duplicated key.
        var path = Path.Combine(Path.GetTempPath(), $"deploy-tests-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(path, "services:\n  a: 1\n  a: 2\n", TestContext.Current.CancellationToken);
        try
        {
            var result = await Tool.RunAsync("yamllint", "--strict", "-c", ".yamllint", "-f", "parsable", path);

            result.ExitCode.ShouldNotBe(0);
            result.StandardOutput.ShouldContain("key-duplicates");
        }
        finally
        {
            File.Delete(path);
        }
    }
}

namespace Orleans.Analytics.Deploy.Tests;

/// <summary>deploy/docker/Dockerfile, read as text (no Docker engine here to build it).</summary>
public sealed class DockerfileTests
{
    private static readonly string[] s_lines = Repository.ReadText("deploy/docker/Dockerfile")
        .Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

    [Fact]
    public void Builds_with_the_sdk_and_runs_on_the_aspnet_runtime_as_a_non_root_user()
    {
        var stages = s_lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        stages.Count.ShouldBe(2);
        stages[0].ShouldStartWith("FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build");
        stages[1].ShouldStartWith("FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}");
        s_lines.ShouldContain("ARG DOTNET_VERSION=10.0");
        var user = s_lines.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));
        user.ShouldNotBe("USER root");
        user.ShouldNotBe("USER 0");
        Array.IndexOf(s_lines, user).ShouldBeGreaterThan(s_lines.ToList().FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Publishes_the_silo_and_the_cli_and_exposes_http_silo_and_gateway_ports()
    {
        var text = string.Join('\n', s_lines);

        text.ShouldContain("dotnet publish src/Orleans.Analytics.Silo ");
        text.ShouldContain("dotnet publish src/Orleans.Analytics.Cli ");
        text.ShouldContain("/usr/local/bin/orleans-analytics");
        s_lines.ShouldContain("EXPOSE 8080 11111 30000");
        // ASP.NET Core's own variable, as the official images set it; not Urls, which would override ASPNETCORE_URLS.
        s_lines.ShouldContain("ENV ASPNETCORE_HTTP_PORTS=8080");
        s_lines.ShouldNotContain(l => l.StartsWith("ENV Urls", StringComparison.OrdinalIgnoreCase));
        s_lines.Last(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)).ShouldContain("Orleans.Analytics.Silo.dll");
        File.Exists(Repository.PathOf("deploy/docker/healthcheck.sh")).ShouldBeTrue();
    }
}

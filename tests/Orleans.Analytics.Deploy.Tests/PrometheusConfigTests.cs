namespace Orleans.Analytics.Deploy.Tests;

/// <summary>deploy/prometheus/prometheus.yml against the compose stack it serves.</summary>
public sealed class PrometheusConfigTests
{
    [Fact]
    public async Task Prometheus_scrapes_both_silos_metrics_endpoint()
    {
        var config = Yaml.Load(Repository.ReadText("deploy/prometheus/prometheus.yml"));
        var compose = Yaml.Load((await Tool.RunAsync("docker-compose", "-f", "docker-compose.yml", "config")).ShouldSucceed().StandardOutput);

        var job = config.Maps("scrape_configs").ShouldHaveSingleItem();
        job.Text("metrics_path").ShouldBe("/metrics");
        var targets = job.Maps("static_configs").SelectMany(s => s.List("targets").Cast<string>()).ToList();
        targets.ShouldBe(["silo1:8080", "silo2:8080"], ignoreOrder: true);
        foreach (var target in targets)
        {
            var service = compose.At("services").Map(target.Split(':')[0]);
            service.Map("environment").Text("ASPNETCORE_HTTP_PORTS").ShouldBe(target.Split(':')[1]);
        }
    }
}

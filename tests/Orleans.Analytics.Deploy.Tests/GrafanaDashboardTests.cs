using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orleans.Analytics.Deploy.Tests;

/// <summary>deploy/grafana: the provisioning files and the dashboard, checked against what the silo exports.</summary>
public sealed partial class GrafanaDashboardTests
{
    private const string DashboardPath = "deploy/grafana/dashboards/orleans-analytics.json";

    private static JsonDocument Dashboard() => JsonDocument.Parse(Repository.ReadText(DashboardPath));

    /// <summary>Every PromQL expression of the dashboard: panel targets (rows included) and template variable queries.</summary>
    private static List<(string Where, string Expression)> Expressions(JsonElement dashboard)
    {
        var expressions = new List<(string, string)>();
        foreach (var panel in Panels(dashboard.GetProperty("panels")))
        {
            if (panel.TryGetProperty("targets", out var targets))
            {
                foreach (var target in targets.EnumerateArray())
                {
                    expressions.Add(($"panel '{panel.GetProperty("title").GetString()}'", target.GetProperty("expr").GetString()!));
                }
            }
        }

        foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            if (variable.GetProperty("type").GetString() == "query")
            {
                var definition = variable.GetProperty("definition").GetString()!;
                var labelValues = LabelValues().Match(definition);
                expressions.Add(($"variable '{variable.GetProperty("name").GetString()}'", labelValues.Success ? labelValues.Groups[1].Value : definition));
            }
        }

        return expressions;
    }

    private static IEnumerable<JsonElement> Panels(JsonElement panels)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in Panels(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    [Fact]
    public void Every_metric_the_dashboard_queries_is_one_the_silo_exports()
    {
        using var dashboard = Dashboard();
        var exported = ExportedMetrics.Names();
        var expressions = Expressions(dashboard.RootElement);

        expressions.Count.ShouldBeGreaterThan(20);
        var unknown = expressions
            .SelectMany(e => PrometheusQuery.MetricNames(e.Expression).Select(name => (e.Where, Name: name)))
            .Where(m => !ExportedMetrics.IsExported(exported, m.Name))
            .Select(m => $"{m.Where}: {m.Name}")
            .ToList();
        unknown.ShouldBeEmpty($"metrics not in {ExportedMetrics.Path}");
    }

    [Theory]
    [InlineData("orleans_analytics_kafka_records_read_total")]
    [InlineData("orleans_analytics_kafka_sink_records_total")]
    [InlineData("orleans_analytics_job_results_total")]
    [InlineData("orleans_analytics_kafka_records_dead_lettered_total")]
    [InlineData("orleans_analytics_job_late_records_total")]
    [InlineData("orleans_analytics_kafka_consumer_lag")]
    [InlineData("orleans_analytics_window_close_latency_seconds_bucket")]
    [InlineData("orleans_analytics_kafka_sink_failures_total")]
    [InlineData("orleans_catalog_activations")]
    [InlineData("orleans_messaging_processing_dispatcher_received_total")]
    [InlineData("dotnet_process_cpu_time_seconds_total")]
    [InlineData("dotnet_process_memory_working_set_bytes")]
    public void Dashboard_shows(string metric)
    {
        using var dashboard = Dashboard();

        Expressions(dashboard.RootElement).SelectMany(e => PrometheusQuery.MetricNames(e.Expression)).ShouldContain(metric);
    }

    [Fact]
    public void Panels_query_the_datasource_variable_and_have_unique_ids()
    {
        using var dashboard = Dashboard();
        var panels = Panels(dashboard.RootElement.GetProperty("panels")).ToList();

        panels.Select(p => p.GetProperty("id").GetInt32()).ShouldBeUnique();
        foreach (var panel in panels.Where(p => p.GetProperty("type").GetString() != "row"))
        {
            panel.GetProperty("datasource").GetProperty("uid").GetString().ShouldBe("${datasource}", panel.GetProperty("title").GetString());
        }

        dashboard.RootElement.GetProperty("uid").GetString().ShouldBe("orleans-analytics");
    }

    [Fact]
    public void Failure_only_metrics_listed_as_exported_are_still_declared_by_the_silo()
    {
        // The tail of exported-metrics.txt lists counters seen only after a failure; each must still be an
        // instrument in src/ (OpenTelemetry name with '.' where Prometheus has '_', and without the _total suffix).
        var text = Repository.ReadText(ExportedMetrics.Path);
        var declaredOnly = text[text.IndexOf("# Declared by the silo", StringComparison.Ordinal)..]
            .Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var sources = string.Join('\n', Directory.EnumerateFiles(Repository.PathOf("src"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));

        declaredOnly.ShouldNotBeEmpty();
        foreach (var name in declaredOnly)
        {
            var stem = name.EndsWith("_total", StringComparison.Ordinal) ? name[..^"_total".Length] : name;
            var declared = InstrumentName().Matches(sources).Select(m => m.Groups[1].Value.Replace('.', '_'));
            declared.ShouldContain(stem, $"{name} in {ExportedMetrics.Path}");
        }
    }

    [Fact]
    public void Provisioning_points_grafana_at_prometheus_and_at_the_dashboards_folder()
    {
        var datasource = Yaml.Load(Repository.ReadText("deploy/grafana/provisioning/datasources/prometheus.yml"))
            .Maps("datasources").ShouldHaveSingleItem();
        var provider = Yaml.Load(Repository.ReadText("deploy/grafana/provisioning/dashboards/orleans-analytics.yml"))
            .Maps("providers").ShouldHaveSingleItem();

        datasource.Text("type").ShouldBe("prometheus");
        datasource.Text("url").ShouldBe("http://prometheus:9090");
        provider.Text("type").ShouldBe("file");
        provider.At("options").Text("path").ShouldBe("/var/lib/grafana/dashboards");
    }

    [Fact]
    public void Query_parser_finds_metrics_and_ignores_functions_labels_and_numbers()
    {
        PrometheusQuery.MetricNames(
                "histogram_quantile(0.95, sum by (le, job) (rate(a_seconds_bucket{instance=~\"$instance\", x=\"rate(b)\"}[$__rate_interval]))) / on(job) c_total offset 5m")
            .ShouldBe(["a_seconds_bucket", "c_total"]);
    }

    [GeneratedRegex("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)")]
    private static partial Regex LabelValues();

    [GeneratedRegex("\"(orleans_analytics\\.[a-z0-9_.]+)\"")]
    private static partial Regex InstrumentName();
}

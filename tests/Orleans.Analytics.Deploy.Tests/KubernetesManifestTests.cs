using System.Globalization;

namespace Orleans.Analytics.Deploy.Tests;

/// <summary>deploy/k8s as <c>kubectl kustomize</c> renders it.</summary>
public sealed class KubernetesManifestTests
{
    private const string SecretName = "orleans-analytics-secrets";

    private static async Task<IReadOnlyList<Dictionary<string, object?>>> RenderAsync()
    {
        var result = (await Tool.RunAsync("kubectl", "kustomize", "deploy/k8s")).ShouldSucceed();
        return Yaml.LoadAll(result.StandardOutput);
    }

    private static Dictionary<string, object?> Single(IEnumerable<Dictionary<string, object?>> resources, string kind) =>
        resources.Where(r => r.TextOrNull("kind") == kind).ShouldHaveSingleItem($"one {kind}");

    private static Dictionary<string, object?> Container(Dictionary<string, object?> deployment) =>
        deployment.At("spec.template.spec").Maps("containers").ShouldHaveSingleItem("one container, the silo");

    private static Dictionary<string, Dictionary<string, object?>> Env(Dictionary<string, object?> container) =>
        container.Maps("env").ToDictionary(e => e.Text("name"), StringComparer.Ordinal);

    [Fact]
    public async Task Kustomization_renders_every_resource_the_silos_need()
    {
        var resources = await RenderAsync();

        resources.Select(r => r.Text("kind")).ShouldBe(
            ["Namespace", "ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Service", "Deployment", "PodDisruptionBudget"],
            ignoreOrder: true);
        resources.Where(r => r.Text("kind") != "Namespace")
            .ShouldAllBe(r => r.Map("metadata").TextOrNull("namespace") == "orleans-analytics");
    }

    [Fact]
    public async Task Silos_are_probed_on_healthz_and_ready_and_scraped_through_annotations()
    {
        var deployment = Single(await RenderAsync(), "Deployment");
        var container = Container(deployment);

        int.Parse(deployment.At("spec").Text("replicas"), CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(2);
        container.At("livenessProbe.httpGet").Text("path").ShouldBe("/healthz");
        container.At("readinessProbe.httpGet").Text("path").ShouldBe("/ready");
        container.Maps("ports").Select(p => p.Text("containerPort")).ShouldBe(["8080", "11111", "30000"], ignoreOrder: true);

        var annotations = deployment.At("spec.template.metadata.annotations");
        annotations.Text("prometheus.io/scrape").ShouldBe("true");
        annotations.Text("prometheus.io/port").ShouldBe("8080");
        annotations.Text("prometheus.io/path").ShouldBe("/metrics");
    }

    [Fact]
    public async Task Pods_carry_what_orleans_kubernetes_hosting_reads()
    {
        var deployment = Single(await RenderAsync(), "Deployment");
        var labels = deployment.At("spec.template.metadata.labels");
        var env = Env(Container(deployment));

        labels.Keys.ShouldContain("orleans/serviceId");
        labels.Keys.ShouldContain("orleans/clusterId");
        FieldPath(env["POD_NAME"]).ShouldBe("metadata.name");
        FieldPath(env["POD_NAMESPACE"]).ShouldBe("metadata.namespace");
        FieldPath(env["POD_IP"]).ShouldBe("status.podIP");
        FieldPath(env["ORLEANS_SERVICE_ID"]).ShouldBe("metadata.labels['orleans/serviceId']");
        FieldPath(env["ORLEANS_CLUSTER_ID"]).ShouldBe("metadata.labels['orleans/clusterId']");
    }

    [Fact]
    public async Task Service_account_may_get_list_watch_patch_and_delete_pods()
    {
        var resources = await RenderAsync();
        var account = Single(resources, "ServiceAccount").At("metadata").Text("name");
        var role = Single(resources, "Role");
        var binding = Single(resources, "RoleBinding");

        Single(resources, "Deployment").At("spec.template.spec").Text("serviceAccountName").ShouldBe(account);
        binding.At("roleRef").Text("name").ShouldBe(role.At("metadata").Text("name"));
        binding.Maps("subjects").ShouldContain(s => s.Text("kind") == "ServiceAccount" && s.Text("name") == account);
        var rule = role.Maps("rules").ShouldHaveSingleItem();
        rule.List("resources").ShouldBe(["pods"]);
        rule.List("verbs").Cast<string>().ShouldBe(["get", "list", "watch", "patch", "delete"], ignoreOrder: true);
    }

    [Fact]
    public async Task Settings_come_from_the_config_map_and_credentials_from_the_secret()
    {
        var resources = await RenderAsync();
        var configMap = Single(resources, "ConfigMap");
        var container = Container(Single(resources, "Deployment"));
        var env = Env(container);

        container.Maps("envFrom").ShouldContain(e => e.MapOrNull("configMapRef") != null
            && e.Map("configMapRef").Text("name") == configMap.At("metadata").Text("name"));
        var settings = configMap.Map("data");
        settings.Text("Orleans__Clustering").ShouldBe("Kubernetes");
        settings.Text("Storage__Provider").ShouldBe("AdoNet");
        settings.Text("Logging__Format").ShouldBe("Json");
        settings.Text("Demo__Enabled").ShouldBe("false");
        settings.Text("ASPNETCORE_HTTP_PORTS").ShouldBe("8080");
        settings.Keys.ShouldNotContain("Urls");
        settings.Keys.ShouldNotContain(k => k.Contains("Password", StringComparison.OrdinalIgnoreCase)
            || k.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase)
            || k == "Kafka__BootstrapServers"
            || k.StartsWith("Kafka__ClientProperties__", StringComparison.Ordinal));

        var example = Yaml.Load(Repository.ReadText("deploy/k8s/secret.example.yaml"));
        example.At("metadata").Text("name").ShouldBe(SecretName);
        foreach (var name in new[] { "Storage__ConnectionString", "Kafka__BootstrapServers", "Http__Auth__Password" })
        {
            var reference = env[name].At("valueFrom.secretKeyRef");
            reference.Text("name").ShouldBe(SecretName);
            example.Map("stringData").Keys.ShouldContain(reference.Text("key"), $"{name}'s key in secret.example.yaml");
        }
    }

    [Fact]
    public async Task Kafka_security_settings_come_from_optional_keys_of_the_secret()
    {
        var env = Env(Container(Single(await RenderAsync(), "Deployment")));
        var exampleText = Repository.ReadText("deploy/k8s/secret.example.yaml");
        var example = Yaml.Load(exampleText).Map("stringData");

        string[] properties = ["security.protocol", "sasl.mechanism", "sasl.username", "sasl.password", "ssl.ca.pem", "ssl.certificate.pem", "ssl.key.pem"];
        foreach (var property in properties)
        {
            var reference = env[$"Kafka__ClientProperties__{property}"].At("valueFrom.secretKeyRef");
            reference.Text("name").ShouldBe(SecretName);
            // A PLAINTEXT Kafka needs none of them: a key missing from the Secret sets nothing.
            reference.Text("optional").ShouldBe("true", property);
            exampleText.ShouldContain(reference.Text("key") + ":", Case.Sensitive, $"{property}'s key in secret.example.yaml");
        }

        // The example is a SASL_SSL Kafka; the mutual-TLS keys are shown, commented out.
        example.Text("kafka-security-protocol").ShouldBe("SASL_SSL");
        example.Keys.ShouldContain("kafka-sasl-password");
        example.Keys.ShouldNotContain("kafka-ssl-key-pem");
    }

    [Fact]
    public async Task Shutdown_gets_longer_than_the_silos_30_second_timeout_and_disruptions_take_one_silo_at_a_time()
    {
        var resources = await RenderAsync();
        var deployment = Single(resources, "Deployment");
        var budget = Single(resources, "PodDisruptionBudget");

        int.Parse(deployment.At("spec.template.spec").Text("terminationGracePeriodSeconds"), CultureInfo.InvariantCulture)
            .ShouldBeGreaterThan(30);
        budget.At("spec").Text("maxUnavailable").ShouldBe("1");
        var podLabels = deployment.At("spec.template.metadata.labels");
        budget.At("spec.selector.matchLabels").ShouldAllBe(pair => podLabels.TextOrNull(pair.Key) == (string?)pair.Value);
        var service = Single(resources, "Service");
        service.At("spec.selector").ShouldAllBe(pair => podLabels.TextOrNull(pair.Key) == (string?)pair.Value);
    }

    private static string FieldPath(Dictionary<string, object?> env) => env.At("valueFrom.fieldRef").Text("fieldPath");
}

namespace Orleans.Analytics.Deploy.Tests;

/// <summary>The root docker-compose.yml, validated and resolved by docker-compose itself.</summary>
public sealed class DockerComposeTests
{
    private static readonly string[] s_silos = ["silo1", "silo2"];

    private static async Task<Dictionary<string, object?>> ResolvedServicesAsync()
    {
        var result = (await Tool.RunAsync("docker-compose", "-f", "docker-compose.yml", "config")).ShouldSucceed();
        return Yaml.Load(result.StandardOutput).Map("services");
    }

    [Fact]
    public async Task Compose_file_is_valid()
    {
        var result = await Tool.RunAsync("docker-compose", "-f", "docker-compose.yml", "config", "-q");

        result.ShouldSucceed();
        result.StandardError.ShouldNotContain("WARNING", Case.Insensitive);
    }

    [Fact]
    public async Task Stack_has_kafka_topics_postgres_two_silos_prometheus_and_grafana()
    {
        var services = await ResolvedServicesAsync();

        services.Keys.ShouldBe(["kafka", "kafka-topics", "postgres", "silo1", "silo2", "prometheus", "grafana"], ignoreOrder: true);
        services.Map("kafka").Text("image").ShouldStartWith("apache/kafka:");
        services.Map("kafka-topics").Text("image").ShouldBe(services.Map("kafka").Text("image"));
        services.Map("postgres").Text("image").ShouldBe("postgres:15");
    }

    [Fact]
    public async Task Kafka_runs_in_kraft_mode_with_a_listener_for_the_compose_network()
    {
        var environment = (await ResolvedServicesAsync()).At("kafka.environment");

        environment.Text("KAFKA_PROCESS_ROLES").Split(',').ShouldBe(["broker", "controller"], ignoreOrder: true);
        environment.Text("KAFKA_ADVERTISED_LISTENERS").ShouldContain("//kafka:9092");
        environment.Text("KAFKA_CONTROLLER_QUORUM_VOTERS").ShouldBe("1@kafka:9093");
        // A KRaft cluster id is a UUID in URL-safe base64 (22 characters); kafka-storage refuses anything else.
        Convert.FromBase64String(environment.Text("CLUSTER_ID").Replace('-', '+').Replace('_', '/') + "==").Length.ShouldBe(16);
    }

    [Fact]
    public async Task Topic_service_creates_every_topic_of_the_silo_with_the_silos_partition_count()
    {
        var services = await ResolvedServicesAsync();
        var topics = services.Map("kafka-topics");
        var environment = topics.Map("environment");

        environment.Text("TOPICS").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .ShouldBe(SiloSettingsFile.Topics(), ignoreOrder: true);
        string.Join(' ', topics.List("command")).ShouldContain("kafka-topics.sh --bootstrap-server kafka:9092 --create");
        foreach (var silo in s_silos)
        {
            services.At($"{silo}.environment").Text("Kafka__Partitions").ShouldBe(environment.Text("PARTITIONS"));
        }
    }

    [Fact]
    public async Task Postgres_initialises_from_the_orleans_sql_scripts()
    {
        var postgres = (await ResolvedServicesAsync()).Map("postgres");

        postgres.List("volumes").Select(Volume).ShouldContain(
            $"{Path.Combine(Repository.Root, "deploy", "sql", "postgresql")}:/docker-entrypoint-initdb.d:ro");
        string.Join(' ', postgres.At("healthcheck").List("test")).ShouldContain("pg_isready");
    }

    [Fact]
    public async Task Silos_wait_for_kafka_topics_and_postgres_and_are_checked_on_healthz()
    {
        var services = await ResolvedServicesAsync();

        foreach (var name in s_silos)
        {
            var silo = services.Map(name);
            silo.At("build").Text("dockerfile").ShouldBe("deploy/docker/Dockerfile");
            var dependsOn = silo.Map("depends_on");
            dependsOn.At("kafka").Text("condition").ShouldBe("service_healthy");
            dependsOn.At("kafka-topics").Text("condition").ShouldBe("service_completed_successfully");
            dependsOn.At("postgres").Text("condition").ShouldBe("service_healthy");
            string.Join(' ', silo.At("healthcheck").List("test")).ShouldContain("/healthz");

            var environment = silo.Map("environment");
            environment.Text("Kafka__BootstrapServers").ShouldBe("kafka:9092");
            environment.Text("Orleans__Clustering").ShouldBe("AdoNet");
            environment.Text("Storage__Provider").ShouldBe("AdoNet");
            environment.Text("Storage__ConnectionString").ShouldStartWith("Host=postgres;Port=5432;Database=orleans;");
            environment.Text("ASPNETCORE_HTTP_PORTS").ShouldBe("8080");
            environment.Keys.ShouldNotContain("Urls");
        }

        services.At("silo1.environment").Text("Orleans__ClusterId").ShouldBe(services.At("silo2.environment").Text("Orleans__ClusterId"));
    }

    [Fact]
    public async Task Silos_take_kafka_security_settings_from_variables_and_default_to_the_local_plaintext_kafka()
    {
        var text = Repository.ReadText("docker-compose.yml");
        var services = await ResolvedServicesAsync();

        foreach (var name in s_silos)
        {
            var environment = services.At($"{name}.environment");
            environment.Text("Kafka__ClientProperties__security.protocol").ShouldBe("PLAINTEXT");
            environment.Text("Kafka__ClientProperties__sasl.mechanism").ShouldBe("PLAIN");
            environment.Text("Kafka__ClientProperties__sasl.username").ShouldBeEmpty();
            environment.Text("Kafka__ClientProperties__sasl.password").ShouldBeEmpty();
        }

        // The values come from the shell or an .env file, never from the compose file itself.
        text.ShouldContain("Kafka__BootstrapServers: ${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}");
        text.ShouldContain("Kafka__ClientProperties__security.protocol: ${KAFKA_SECURITY_PROTOCOL:-PLAINTEXT}");
        text.ShouldContain("Kafka__ClientProperties__sasl.username: ${KAFKA_SASL_USERNAME:-}");
        text.ShouldContain("Kafka__ClientProperties__sasl.password: ${KAFKA_SASL_PASSWORD:-}");
    }

    [Fact]
    public async Task Grafana_mounts_the_provisioning_and_dashboards_of_deploy_grafana()
    {
        var grafana = (await ResolvedServicesAsync()).Map("grafana");

        var volumes = grafana.List("volumes").Select(Volume).ToList();
        volumes.ShouldContain($"{Path.Combine(Repository.Root, "deploy", "grafana", "provisioning")}:/etc/grafana/provisioning:ro");
        volumes.ShouldContain($"{Path.Combine(Repository.Root, "deploy", "grafana", "dashboards")}:/var/lib/grafana/dashboards:ro");
    }

    [Fact]
    public async Task Prometheus_gets_the_scrape_config_of_deploy_prometheus()
    {
        var prometheus = (await ResolvedServicesAsync()).Map("prometheus");

        prometheus.List("volumes").Select(Volume).ShouldContain(
            $"{Path.Combine(Repository.Root, "deploy", "prometheus", "prometheus.yml")}:/etc/prometheus/prometheus.yml:ro");
    }

    /// <summary>docker-compose 1.x prints bind mounts as "source:target:mode".</summary>
    private static string Volume(object? entry) => entry as string
        ?? throw new ShouldAssertException($"expected a short-syntax volume, got {entry}");
}

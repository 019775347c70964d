using System.Text.RegularExpressions;

namespace Orleans.Analytics.Deploy.Tests;

/// <summary>
/// deploy/aca/main.bicep, checked for structure only: no Bicep compiler is installed here, so the checks are on
/// the text (balanced brackets outside strings and comments, the secrets, env, probes, scale and ingress it declares).
/// </summary>
public sealed partial class ContainerAppsTemplateTests
{
    private static readonly string s_bicep = Repository.ReadText("deploy/aca/main.bicep");

    [Fact]
    public void Brackets_and_quotes_balance_outside_strings_and_comments()
    {
        var stack = new Stack<char>();
        var line = 1;
        for (var i = 0; i < s_bicep.Length; i++)
        {
            var c = s_bicep[i];
            if (c == '\n')
            {
                line++;
            }
            else if (c == '/' && i + 1 < s_bicep.Length && s_bicep[i + 1] == '/')
            {
                i = s_bicep.IndexOf('\n', i) - 1;
                i = i < 0 ? s_bicep.Length : i;
            }
            else if (c == '\'')
            {
                // Bicep strings: '...' with \' as the escape; ${...} interpolation holds no quotes in this file.
                var end = i + 1;
                while (end < s_bicep.Length && (s_bicep[end] != '\'' || s_bicep[end - 1] == '\\'))
                {
                    (s_bicep[end] == '\n').ShouldBeFalse($"string opened on line {line} is not closed on that line");
                    end++;
                }

                i = end;
            }
            else if (c is '{' or '[' or '(')
            {
                stack.Push(c);
            }
            else if (c is '}' or ']' or ')')
            {
                stack.ShouldNotBeEmpty($"'{c}' on line {line} closes nothing");
                var open = stack.Pop();
                (open, c).ShouldBeOneOf(('{', '}'), ('[', ']'), ('(', ')'));
            }
        }

        stack.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Storage__ConnectionString", "storage")]
    [InlineData("Kafka__BootstrapServers", "kafka")]
    [InlineData("Http__Auth__Password", "httpPassword")]
    [InlineData("Kafka__ClientProperties__sasl.username", "kafkaSaslUsername")]
    [InlineData("Kafka__ClientProperties__sasl.password", "kafkaSaslPassword")]
    [InlineData("Kafka__ClientProperties__ssl.certificate.pem", "kafkaSslCertificate")]
    [InlineData("Kafka__ClientProperties__ssl.key.pem", "kafkaSslKey")]
    public void Credentials_reach_the_silo_as_secret_references(string variable, string secret)
    {
        Regex.IsMatch(s_bicep, $@"name: '{variable}'\s+secretRef: secretNames\.{secret}\b").ShouldBeTrue($"{variable} from secret {secret}");
        Regex.IsMatch(s_bicep, $@"name: secretNames\.{secret}\s+value: ").ShouldBeTrue($"secret {secret} declared with a value");
        s_bicep.ShouldContain("@secure()");
    }

    [Fact]
    public void Secret_parameters_are_secure()
    {
        foreach (var parameter in new[] { "storageConnectionString", "kafkaBootstrapServers", "httpAuthPassword", "registryPassword", "kafkaSaslUsername", "kafkaSaslPassword", "kafkaSslCertificatePem", "kafkaSslKeyPem" })
        {
            Regex.IsMatch(s_bicep, $@"@secure\(\)\s+param {parameter} string").ShouldBeTrue(parameter);
        }
    }

    [Fact]
    public void Silo_is_probed_scaled_and_reached_on_8080_with_auth_and_json_logs()
    {
        Regex.IsMatch(s_bicep, @"type: 'Liveness'\s+httpGet: \{\s+path: '/healthz'").ShouldBeTrue();
        Regex.IsMatch(s_bicep, @"type: 'Readiness'\s+httpGet: \{\s+path: '/ready'").ShouldBeTrue();
        Regex.IsMatch(s_bicep, @"ingress: \{[^}]*targetPort: 8080").ShouldBeTrue();
        Regex.IsMatch(s_bicep, @"scale: \{\s+minReplicas: minReplicas\s+maxReplicas: maxReplicas\s+rules: \[").ShouldBeTrue();
        Regex.IsMatch(s_bicep, @"name: 'Logging__Format'\s+value: 'Json'").ShouldBeTrue();
        Regex.IsMatch(s_bicep, @"name: 'Demo__Enabled'\s+value: 'false'").ShouldBeTrue();
        Regex.IsMatch(s_bicep, @"name: 'ASPNETCORE_HTTP_PORTS'\s+value: '8080'").ShouldBeTrue();
        s_bicep.ShouldNotContain("name: 'Urls'");
        s_bicep.ShouldContain("'Microsoft.App/managedEnvironments@");
        s_bicep.ShouldContain("'Microsoft.OperationalInsights/workspaces@");
        s_bicep.ShouldContain("'Microsoft.App/containerApps@");
        ParamDefault().Match(s_bicep).Groups[1].Value.ShouldBe("2");
    }

    [Fact]
    public void Kafka_security_defaults_to_plaintext_and_adds_sasl_and_tls_settings_only_when_given()
    {
        Regex.IsMatch(s_bicep, @"param kafkaSecurityProtocol string = 'PLAINTEXT'").ShouldBeTrue();
        Regex.IsMatch(s_bicep, @"name: 'Kafka__ClientProperties__security.protocol'\s+value: kafkaSecurityProtocol").ShouldBeTrue();
        Regex.IsMatch(s_bicep, @"empty\(kafkaSaslMechanism\) \? \[\] : \[\s+\{\s+name: 'Kafka__ClientProperties__sasl.mechanism'").ShouldBeTrue();
        Regex.IsMatch(s_bicep, @"var kafkaSaslSecrets = empty\(kafkaSaslPassword\) \? \[\] :").ShouldBeTrue();
        s_bicep.ShouldContain("secrets: concat(appSecrets, kafkaSaslSecrets, kafkaTlsSecrets, registrySecrets)");
        s_bicep.ShouldContain("], kafkaSecurityEnv)");
    }

    [GeneratedRegex(@"param minReplicas int = (\d+)")]
    private static partial Regex ParamDefault();
}

namespace Orleans.Analytics.Silo.Hosting;

/// <summary><c>/healthz</c>: the process is up. <c>/ready</c>: the silo is active and Kafka answers.</summary>
internal static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/ready", (IClusterMembershipService membership, ILocalSiloDetails silo, KafkaHealthProbe kafka) =>
        {
            var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
            var problems = new List<string>();
            if (status != SiloStatus.Active)
            {
                problems.Add($"silo is {status}");
            }

            if (kafka.Problem is { } problem)
            {
                problems.Add($"kafka: {problem}");
            }

            var body = new { ready = problems.Count == 0, silo = status.ToString(), kafka = kafka.Problem ?? "reachable", problems };
            return problems.Count == 0 ? Results.Json(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
    }
}

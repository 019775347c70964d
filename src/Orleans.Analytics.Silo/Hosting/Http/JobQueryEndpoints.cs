using System.Text.Json;
using Orleans.Analytics.Keys;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// <c>GET /api/jobs/{job}/keys/{key}</c>: a key's live state (Kafka Streams' interactive queries), its open windows
/// or sessions with their partial results written as the job's result records, and as of which watermark and
/// offsets. 404 with a message for an unknown job, 400 for a stateless one; an empty answer for a key without state.
/// </summary>
internal static class JobQueryEndpoints
{
    public static void MapJobQueries(this IEndpointRouteBuilder endpoints, HttpAuthSettings auth) =>
        endpoints.MapGet("/api/jobs/{job}/keys/{key}", (string job, string key, IServiceProvider services, CancellationToken cancellationToken) =>
                // Routing leaves an escaped slash escaped (a page key such as /cart arrives as %2Fcart).
                QueryAsync(services.GetService<JobKeyQuery>(), job, key.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase), cancellationToken))
            .ForOperators(auth);

    internal static async Task<IResult> QueryAsync(JobKeyQuery? query, string job, string key, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            return Results.NotFound(new JobQueryProblem($"No job is named '{job}'; this silo runs no jobs with state per key."));
        }

        var (address, result) = await query.QueryAsync(job, key, cancellationToken);
        if (result is null)
        {
            var problem = new JobQueryProblem(address.Message!);
            return address.Problem switch
            {
                JobKeyProblem.UnknownJob => Results.NotFound(problem),
                JobKeyProblem.Stateless => Results.BadRequest(problem),
                _ => Results.Json(problem, statusCode: StatusCodes.Status503ServiceUnavailable),
            };
        }

        var windows = result.Windows.Select(View).OrderBy(w => w.Start).ToList();
        return Results.Ok(new JobKeyAnswer(
            result.Job,
            key,
            Orleans.Analytics.Jobs.JobRuntime.GrainKey(result.Job, result.GrainKey),
            address.Shape,
            result.Epoch,
            Time(result.Watermark),
            result.Watermark == long.MinValue ? null : result.Watermark,
            result.Offsets.OrderBy(o => o.Key).ToDictionary(o => o.Key, o => o.Value),
            result.Holding,
            address.Sessions ? [] : windows,
            address.Sessions ? windows : []));
    }

    private static KeyWindowAnswer View(KeyWindowView window)
    {
        using var result = JsonDocument.Parse(window.ResultJson);
        return new KeyWindowAnswer(Time(window.Start), Time(window.End), window.Closed, window.Revision, result.RootElement.Clone());
    }

    private static DateTimeOffset? Time(long epochMilliseconds) =>
        epochMilliseconds is > -62135596800000L and < 253402300800000L ? DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds) : null;
}

/// <summary>Why a query has no answer.</summary>
internal sealed record JobQueryProblem(string Error);

/// <summary>
/// The body of <c>GET /api/jobs/{job}/keys/{key}</c>. <paramref name="Watermark"/> is the watermark the key grain last
/// closed windows at (null before any); <paramref name="Offsets"/> holds, per source partition, the last offset it
/// applied: the answer covers every record of the key up to those offsets. Windows of a session job are under
/// <paramref name="Sessions"/>; a running aggregate has no start or end.
/// </summary>
internal sealed record JobKeyAnswer(
    string Job,
    string Key,
    string Grain,
    string Window,
    long Epoch,
    DateTimeOffset? Watermark,
    long? WatermarkMs,
    IReadOnlyDictionary<int, long> Offsets,
    bool Holding,
    IReadOnlyList<KeyWindowAnswer> Windows,
    IReadOnlyList<KeyWindowAnswer> Sessions);

/// <summary>An open window (or one kept for late updates, <paramref name="Closed"/>) and its partial result.</summary>
internal sealed record KeyWindowAnswer(DateTimeOffset? Start, DateTimeOffset? End, bool Closed, int Revision, JsonElement Result);

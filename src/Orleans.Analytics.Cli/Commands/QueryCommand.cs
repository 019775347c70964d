using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Orleans.Analytics.Cli.Commands;

/// <summary>
/// <c>query JOB KEY</c>: a key's live state from a running silo (<c>GET /api/jobs/{job}/keys/{key}</c>), printed as
/// JSON. The login is the silo's <c>Http:Auth</c>: <c>--user</c> / <c>--password</c>, or the silo's
/// <c>Http__Auth__Username</c> / <c>Http__Auth__Password</c> variables.
/// </summary>
internal static class QueryCommand
{
    /// <summary>Exit code when the silo answered that the job or key cannot be queried.</summary>
    public const int NotQueryable = 1;

    /// <summary>Exit code when the silo could not be reached or refused the login.</summary>
    public const int Unreachable = 3;

    public static Command Create()
    {
        var job = new Argument<string>("JOB") { Description = "The job's name, e.g. event-aggregator or session-tracker." };
        var key = new Argument<string>("KEY") { Description = "The grouping key, e.g. click (event-aggregator) or a user id (session-tracker)." };
        var url = new Option<string>("--url") { Description = "The silo's HTTP address.", DefaultValueFactory = _ => "http://localhost:8080" };
        var user = new Option<string?>("--user") { Description = "The silo's Http:Auth:Username (default: Http__Auth__Username, else admin)." };
        var password = new Option<string?>("--password") { Description = "The silo's Http:Auth:Password (default: Http__Auth__Password)." };
        var timeout = new Option<TimeSpan?>("--timeout") { Description = "How long to wait for the answer (e.g. 15s).", CustomParser = CliDuration.Parse, DefaultValueFactory = _ => TimeSpan.FromSeconds(15) };

        var command = new Command("query", "Print a job's live state for one key: its open windows or sessions with their partial results, as of which watermark and offsets.");
        command.Arguments.Add(job);
        command.Arguments.Add(key);
        foreach (var option in new Option[] { url, user, password, timeout })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetRequiredValue(job),
            parseResult.GetRequiredValue(key),
            parseResult.GetRequiredValue(url),
            parseResult.GetValue(user) ?? Environment.GetEnvironmentVariable("Http__Auth__Username"),
            parseResult.GetValue(password) ?? Environment.GetEnvironmentVariable("Http__Auth__Password"),
            parseResult.GetValue(timeout) ?? TimeSpan.FromSeconds(15),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string job, string key, string url, string? user, string? password, TimeSpan timeout, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress) || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
        {
            error.WriteLine($"query: --url is '{url}'; an http:// or https:// address such as http://localhost:8080 was expected.");
            return CliApp.BadInput;
        }

        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = timeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/jobs/{Uri.EscapeDataString(job)}/keys/{Uri.EscapeDataString(key)}");
        if (!string.IsNullOrEmpty(password))
        {
            var login = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{(string.IsNullOrEmpty(user) ? "admin" : user)}:{password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", login);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error.WriteLine($"query: the silo at {baseAddress} did not answer: {ex.Message}");
            return Unreachable;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                error.WriteLine($"query: the silo at {baseAddress} refused the login; give --user and --password (or Http__Auth__Username and Http__Auth__Password).");
                return Unreachable;
            }

            if (!response.IsSuccessStatusCode)
            {
                error.WriteLine($"query: {(int)response.StatusCode} {response.ReasonPhrase}: {ErrorOf(body)}");
                return NotQueryable;
            }

            output.WriteLine(Indented(body));
            return 0;
        }
    }

    private static string ErrorOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var message) ? message.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    // Printed for a person and a terminal, not embedded in HTML: '+' and non-ASCII stay as they are.
    private static string Indented(string body)
    {
        using var document = JsonDocument.Parse(body);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

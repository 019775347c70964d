using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>HTTP Basic authentication against the one account of <c>Http:Auth</c>.</summary>
internal sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    HttpAuthSettings settings) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Basic";

    /// <summary>The policy that endpoints needing an operator require.</summary>
    public const string Policy = "operator";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, SchemeName, StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        string credentials;
        try
        {
            credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return Task.FromResult(AuthenticateResult.Fail("The Basic credentials are not base64."));
        }

        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !Matches(credentials[..colon], settings.Username) || !Matches(credentials[(colon + 1)..], settings.Password ?? string.Empty))
        {
            return Task.FromResult(AuthenticateResult.Fail("Wrong user name or password."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, settings.Username)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Basic realm=\"orleans-analytics\", charset=\"UTF-8\"";
        return base.HandleChallengeAsync(properties);
    }

    // Constant time in the length of the expected value, so a wrong guess reveals nothing by its timing.
    private static bool Matches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}

internal static class OperatorAuthentication
{
    /// <summary>Adds Basic authentication and the operator policy when <c>Http:Auth:Password</c> is set.</summary>
    public static void AddOperatorAuthentication(this IServiceCollection services, HttpAuthSettings settings)
    {
        services.AddSingleton(settings);
        if (!settings.Enabled)
        {
            return;
        }

        services.AddAuthentication(BasicAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(BasicAuthenticationHandler.Policy, policy => policy.AddAuthenticationSchemes(BasicAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
    }

    /// <summary>Requires the operator's credentials on <paramref name="endpoints"/> when authentication is on.</summary>
    public static TBuilder ForOperators<TBuilder>(this TBuilder endpoints, HttpAuthSettings settings)
        where TBuilder : IEndpointConventionBuilder =>
        settings.Enabled ? endpoints.RequireAuthorization(BasicAuthenticationHandler.Policy) : endpoints;
}

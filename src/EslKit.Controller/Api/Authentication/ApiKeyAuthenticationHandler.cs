using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using EslKit.Controller.Api.Diagnostics;
using EslKit.Controller.Api.Problems;
using EslKit.Controller.Tenants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Api.Authentication;

/// <summary>
/// Authenticates API keys from <c>X-Api-Key</c> (or <c>Authorization: Bearer</c>): the admin key (hash compared in
/// constant time) or a tenant's key (<see cref="TenantService.FindByApiKeyAsync"/>: prefix lookup, hash compared in
/// constant time; an inactive tenant's key finds nothing). Refusals answer with problem details (401, 403) that never
/// repeat the key.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    AdminKeyVerifier adminKey,
    TenantService tenants,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    // Longer than any key we issue: refused without a lookup.
    private const int MaxKeyLength = 256;

    private readonly ILogger _log = loggerFactory.CreateLogger<ApiKeyAuthenticationHandler>();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key = PresentedKey(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (key.Length is 0 or > MaxKeyLength)
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        if (adminKey.Matches(key))
        {
            return Success(new Claim(ApiClaims.KeyOwner, "admin"), new Claim(ClaimTypes.Role, ApiClaims.AdminRole));
        }

        var tenant = await tenants.FindByApiKeyAsync(key, Context.RequestAborted).ConfigureAwait(false);
        if (tenant is null)
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        string id = tenant.Id.ToString(CultureInfo.InvariantCulture);
        return Success(
            new Claim(ApiClaims.KeyOwner, "tenant:" + id),
            new Claim(ClaimTypes.Role, ApiClaims.TenantRole),
            new Claim(ApiClaims.TenantId, id),
            new Claim(ApiClaims.TenantRegion, tenant.DefaultRegion));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        string reason = result.None ? "missing" : "invalid";
        ApiDiagnostics.KeysRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
        ApiLog.KeyRefused(_log, Request.Method, RouteOf(Context), reason);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{ApiKeyDefaults.Scheme} header=\"{ApiKeyDefaults.Header}\", Bearer";
        await WriteProblemAsync(
            StatusCodes.Status401Unauthorized,
            ProblemTypes.Unauthorized,
            "Unauthorized",
            result.None ? $"An API key is required: send it in the {ApiKeyDefaults.Header} header or as 'Authorization: Bearer <key>'." : "The API key is not valid.").ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        bool isAdmin = Context.User.IsInRole(ApiClaims.AdminRole);
        return WriteProblemAsync(
            StatusCodes.Status403Forbidden,
            ProblemTypes.Forbidden,
            "Forbidden",
            isAdmin ? "The admin key manages tenants; use a tenant's key for its campaigns, DNC list and call logs." : "A tenant key cannot use the admin API.");
    }

    /// <summary>The key in <c>X-Api-Key</c>, else in <c>Authorization: Bearer</c>, else null.</summary>
    internal static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers[ApiKeyDefaults.Header];
        if (header.Count > 0)
        {
            return header.Count == 1 ? (header[0] ?? "").Trim() : "";
        }

        string? authorization = request.Headers.Authorization.Count == 1 ? request.Headers.Authorization[0] : null;
        return authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
    }

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name));

    private async Task WriteProblemAsync(int status, string type, string title, string detail)
    {
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem }).ConfigureAwait(false))
        {
            await Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", Context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static string RouteOf(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "?";
}

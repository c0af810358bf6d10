using System.Security.Claims;

namespace EslKit.Controller.Api.Authentication;

/// <summary>
/// The tenant the caller's API key belongs to, bound from the authenticated principal (never from the route or
/// the body): a tenant endpoint takes it as a parameter, so every query it makes is scoped to the caller.
/// </summary>
/// <param name="Id">The tenant id.</param>
/// <param name="DefaultRegion">Its region for numbers without a country code.</param>
internal sealed record CurrentTenant(long Id, string DefaultRegion)
{
    /// <summary>Minimal APIs' binding hook: the tenant of the authenticated caller, or null (then the endpoint answers 400; the tenant policy runs first).</summary>
    public static ValueTask<CurrentTenant?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(From(context.User));
    }

    /// <summary>The tenant of <paramref name="user"/>, or null.</summary>
    public static CurrentTenant? From(ClaimsPrincipal user) =>
        user.FindTenantId() is { } id ? new CurrentTenant(id, user.FindFirst(ApiClaims.TenantRegion)?.Value ?? "MY") : null;
}

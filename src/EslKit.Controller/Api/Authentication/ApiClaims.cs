using System.Globalization;
using System.Security.Claims;

namespace EslKit.Controller.Api.Authentication;

/// <summary>The claims the API key handler puts on a caller, and how to read them back.</summary>
internal static class ApiClaims
{
    /// <summary>The admin role.</summary>
    public const string AdminRole = "admin";

    /// <summary>The tenant role.</summary>
    public const string TenantRole = "tenant";

    /// <summary>The tenant id (tenant callers only).</summary>
    public const string TenantId = "eslkit:tenant_id";

    /// <summary>The tenant's default region, for numbers without a country code.</summary>
    public const string TenantRegion = "eslkit:tenant_region";

    /// <summary>Who the key belongs to: <c>admin</c> or <c>tenant:&lt;id&gt;</c> (the rate limit's partition; never the key).</summary>
    public const string KeyOwner = ClaimTypes.NameIdentifier;

    /// <summary>The caller's tenant id, or null when the caller is not a tenant.</summary>
    public static long? FindTenantId(this ClaimsPrincipal user) =>
        user.FindFirst(TenantId)?.Value is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id : null;
}

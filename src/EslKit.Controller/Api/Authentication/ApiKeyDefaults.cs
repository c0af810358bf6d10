namespace EslKit.Controller.Api.Authentication;

/// <summary>The API key scheme's names.</summary>
internal static class ApiKeyDefaults
{
    /// <summary>The authentication scheme.</summary>
    public const string Scheme = "ApiKey";

    /// <summary>The header that carries the key (<c>Authorization: Bearer &lt;key&gt;</c> works too).</summary>
    public const string Header = "X-Api-Key";

    /// <summary>The authorization policy of the admin endpoints.</summary>
    public const string AdminPolicy = "eslkit-admin";

    /// <summary>The authorization policy of the tenant endpoints.</summary>
    public const string TenantPolicy = "eslkit-tenant";
}

using EslKit.Controller.Tenants;

namespace EslKit.Controller.Api.Tenants;

/// <summary>A tenant as the API shows it (no key, no hash: only whether a key was issued).</summary>
/// <param name="Id">The tenant id.</param>
/// <param name="Name">Its unique name.</param>
/// <param name="AccountType"><c>trial</c> or <c>pro</c>.</param>
/// <param name="Active">Whether its key works and its items are dialled.</param>
/// <param name="ConcurrencyLimit">Most calls at once (trial 1–3, pro 1–50).</param>
/// <param name="PricePerMinute">What it pays per billed minute.</param>
/// <param name="DefaultRegion">ISO 3166 region for numbers without a country code.</param>
/// <param name="MayOverrideCallerId">Whether its campaigns may set their own caller ID.</param>
/// <param name="HasApiKey">Whether an API key has been issued.</param>
/// <param name="CreatedAt">When it was created.</param>
internal sealed record TenantResponse(
    long Id,
    string Name,
    string AccountType,
    bool Active,
    int ConcurrencyLimit,
    decimal PricePerMinute,
    string DefaultRegion,
    bool MayOverrideCallerId,
    bool HasApiKey,
    DateTimeOffset CreatedAt)
{
    /// <summary>The response for <paramref name="tenant"/>.</summary>
    public static TenantResponse From(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return new(tenant.Id, tenant.Name, tenant.AccountType.ToText(), tenant.Active, tenant.ConcurrencyLimit, tenant.PricePerMinute, tenant.DefaultRegion, tenant.MayOverrideCallerId, tenant.HasApiKey, tenant.CreatedAt);
    }
}

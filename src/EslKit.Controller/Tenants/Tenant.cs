namespace EslKit.Controller.Tenants;

/// <summary>A tenant (a row of <c>users</c>). Holds no secret: the API key is stored only as a hash.</summary>
/// <param name="Id">The tenant id.</param>
/// <param name="Name">A unique display name.</param>
/// <param name="AccountType">Trial or pro.</param>
/// <param name="Active">An inactive tenant's items are not dialled.</param>
/// <param name="ConcurrencyLimit">Most calls (dialing or answered) at once.</param>
/// <param name="PricePerMinute">What the tenant pays per billed minute.</param>
/// <param name="DefaultRegion">ISO 3166 region for numbers written without a country code.</param>
/// <param name="MayOverrideCallerId">Whether its campaigns may set their own caller ID.</param>
/// <param name="HasApiKey">Whether an API key has been issued.</param>
/// <param name="CreatedAt">When it was created.</param>
internal sealed record Tenant(
    long Id,
    string Name,
    AccountType AccountType,
    bool Active,
    int ConcurrencyLimit,
    decimal PricePerMinute,
    string DefaultRegion,
    bool MayOverrideCallerId,
    bool HasApiKey,
    DateTimeOffset CreatedAt);

namespace EslKit.Controller.Tenants;

/// <summary>What a new tenant is created from.</summary>
/// <param name="Name">A unique name (1–200 characters).</param>
/// <param name="AccountType">Trial or pro.</param>
/// <param name="ConcurrencyLimit">Null for the account type's default (trial 3, pro 10).</param>
/// <param name="PricePerMinute">Null for the system price per minute.</param>
/// <param name="DefaultRegion">ISO 3166 region for numbers without a country code, e.g. <c>MY</c>.</param>
/// <param name="MayOverrideCallerId">Whether its campaigns may set their own caller ID (pro only).</param>
internal sealed record NewTenant(
    string Name,
    AccountType AccountType,
    int? ConcurrencyLimit = null,
    decimal? PricePerMinute = null,
    string DefaultRegion = "MY",
    bool MayOverrideCallerId = false);

using EslKit.Controller.Tenants;

namespace EslKit.Controller.Api.Tenants;

/// <summary>A new tenant.</summary>
/// <param name="Name">A unique name (1–200 characters).</param>
/// <param name="AccountType"><c>trial</c> or <c>pro</c>.</param>
/// <param name="ConcurrencyLimit">Null for the account type's default (trial 3, pro 10).</param>
/// <param name="PricePerMinute">Null for the system price per minute.</param>
/// <param name="DefaultRegion">ISO 3166 region for numbers without a country code (default <c>MY</c>).</param>
/// <param name="MayOverrideCallerId">Whether its campaigns may set their own caller ID (pro only; default false).</param>
internal sealed record CreateTenantRequest(
    string? Name,
    string? AccountType,
    int? ConcurrencyLimit = null,
    decimal? PricePerMinute = null,
    string? DefaultRegion = null,
    bool? MayOverrideCallerId = null)
{
    /// <summary>The service's input.</summary>
    /// <exception cref="InputRejectedException">An account type other than trial or pro.</exception>
    public NewTenant ToNewTenant() => new(
        Name ?? "",
        ParseAccountType(AccountType),
        ConcurrencyLimit,
        PricePerMinute,
        DefaultRegion ?? "MY",
        MayOverrideCallerId ?? false);

    /// <summary>The account type the API and the console accept: <c>trial</c> or <c>pro</c>.</summary>
    /// <exception cref="InputRejectedException">Missing or anything else.</exception>
    internal static AccountType ParseAccountType(string? text) => text switch
    {
        "trial" => Controller.Tenants.AccountType.Trial,
        "pro" => Controller.Tenants.AccountType.Pro,
        null or "" => throw new InputRejectedException("accountType", InputError.Required),
        _ => throw new InputRejectedException("accountType", InputError.InvalidFormat, "trial or pro"),
    };
}

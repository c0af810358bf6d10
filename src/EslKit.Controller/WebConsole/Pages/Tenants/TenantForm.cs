using EslKit.Controller.Tenants;

namespace EslKit.Controller.WebConsole.Pages.Tenants;

/// <summary>The create-a-tenant form.</summary>
internal sealed class TenantForm
{
    public string? Name { get; set; }

    /// <summary><c>trial</c> or <c>pro</c>.</summary>
    public string AccountType { get; set; } = "trial";

    public int? ConcurrencyLimit { get; set; }

    public decimal? PricePerMinute { get; set; }

    public string DefaultRegion { get; set; } = "MY";

    public bool MayOverrideCallerId { get; set; }

    /// <summary>The service's input.</summary>
    /// <exception cref="InputRejectedException">An unknown account type.</exception>
    public NewTenant ToNewTenant() => new(
        Name ?? "",
        AccountType switch
        {
            "trial" => Controller.Tenants.AccountType.Trial,
            "pro" => Controller.Tenants.AccountType.Pro,
            _ => throw new InputRejectedException("accountType", InputError.InvalidFormat, "trial or pro"),
        },
        ConcurrencyLimit,
        PricePerMinute,
        DefaultRegion,
        MayOverrideCallerId);
}

using EslKit.Controller.Tenants;

namespace EslKit.Controller.Api.Tenants;

/// <summary>Changes to a tenant; a property left out stays as it is. Every change is checked before any is written.</summary>
/// <param name="Active">Activate or deactivate (an inactive tenant's key stops working and its items are not dialled).</param>
/// <param name="ConcurrencyLimit">A new limit (trial 1–3, pro 1–50, for the account type it will have).</param>
/// <param name="AccountType"><c>trial</c> or <c>pro</c>; a tenant that becomes trial no longer sets its own caller ID.</param>
/// <param name="PricePerMinute">What it pays per billed minute (0 or more, at most 4 decimal places).</param>
internal sealed record UpdateTenantRequest(bool? Active = null, int? ConcurrencyLimit = null, string? AccountType = null, decimal? PricePerMinute = null)
{
    /// <summary>The service's input.</summary>
    /// <exception cref="InputRejectedException">An account type other than trial or pro.</exception>
    public TenantChanges ToChanges() => new(
        AccountType is null ? null : CreateTenantRequest.ParseAccountType(AccountType),
        Active,
        ConcurrencyLimit,
        PricePerMinute);
}

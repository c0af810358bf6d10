namespace EslKit.Controller.Tenants;

/// <summary>Changes to a tenant's settings (<see cref="TenantService.UpdateAsync"/>); a null leaves that setting as it is.</summary>
/// <param name="AccountType">Trial or pro. A tenant that becomes trial loses the right to set a caller ID per campaign.</param>
/// <param name="Active">Activate or deactivate (an inactive tenant's key stops working and its items are not dialled).</param>
/// <param name="ConcurrencyLimit">The new limit; checked against the account type after the change (trial 1–3, pro 1–50).</param>
/// <param name="PricePerMinute">What it pays per billed minute (0 or more, at most 4 decimal places).</param>
internal sealed record TenantChanges(
    AccountType? AccountType = null,
    bool? Active = null,
    int? ConcurrencyLimit = null,
    decimal? PricePerMinute = null);

namespace EslKit.Controller.Api.Tenants;

/// <summary>Changes to a tenant; a property left out stays as it is.</summary>
/// <param name="Active">Activate or deactivate (an inactive tenant's key stops working and its items are not dialled).</param>
/// <param name="ConcurrencyLimit">A new limit (trial 1–3, pro 1–50).</param>
internal sealed record UpdateTenantRequest(bool? Active = null, int? ConcurrencyLimit = null);

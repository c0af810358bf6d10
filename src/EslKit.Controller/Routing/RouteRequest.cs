using EslKit.Controller.Tenants;

namespace EslKit.Controller.Routing;

/// <summary>What one call attempt needs routed.</summary>
/// <param name="TenantId">The tenant (eslkit_tenant).</param>
/// <param name="AccountType">Trial or pro.</param>
/// <param name="PhoneConfig">The pro tenant's SIP account; null when it has none (or for trial).</param>
/// <param name="Number">The number to dial, E.164 digits.</param>
/// <param name="CallId">The call's id (eslkit_call_id), the same for every attempt.</param>
/// <param name="CampaignId">The campaign (eslkit_campaign), or null.</param>
/// <param name="Attempt">The attempt number (eslkit_attempt), from 1.</param>
/// <param name="LegUuids">The origination UUID of each leg, chosen and stored before the originate is sent.</param>
/// <param name="CallerIdOverride">The campaign's caller ID, where the tenant may override it; else null.</param>
/// <param name="Target">The node the call is placed on (its gateway name and dial-back address); null for the <see cref="RoutingOptions"/> defaults.</param>
internal sealed record RouteRequest(
    long TenantId,
    AccountType AccountType,
    PhoneConfig? PhoneConfig,
    string Number,
    Guid CallId,
    long? CampaignId,
    int Attempt,
    IReadOnlyList<Guid> LegUuids,
    string? CallerIdOverride = null,
    RouteTarget? Target = null);

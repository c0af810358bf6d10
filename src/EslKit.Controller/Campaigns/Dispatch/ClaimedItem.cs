using EslKit.Controller.Tenants;

namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>An item this instance claimed: the attempt and the leg UUIDs chosen and stored before any originate.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="CampaignId">Its campaign.</param>
/// <param name="TenantId">Its tenant.</param>
/// <param name="AccountType">The tenant's account type when claimed.</param>
/// <param name="Number">E.164 digits.</param>
/// <param name="CallId">The call id (eslkit_call_id), the same for every attempt.</param>
/// <param name="Attempt">This attempt's number (eslkit_attempt).</param>
/// <param name="LegUuids">The origination UUID of each leg.</param>
/// <param name="Trunk">The trunk the call counts against.</param>
/// <param name="CallerIdOverride">The campaign's caller ID, or null.</param>
/// <param name="LeaseExpiresAt">When the claim lapses unless renewed.</param>
internal sealed record ClaimedItem(
    long ItemId,
    long CampaignId,
    long TenantId,
    AccountType AccountType,
    string Number,
    Guid CallId,
    int Attempt,
    IReadOnlyList<Guid> LegUuids,
    string Trunk,
    string? CallerIdOverride,
    DateTimeOffset LeaseExpiresAt);

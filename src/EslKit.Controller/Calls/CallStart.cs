using EslKit.Controller.Tenants;

namespace EslKit.Controller.Calls;

/// <summary>What is known of an attempt when its originate is sent.</summary>
/// <param name="CallId">eslkit_call_id.</param>
/// <param name="Attempt">eslkit_attempt.</param>
/// <param name="TenantId">eslkit_tenant.</param>
/// <param name="CampaignId">eslkit_campaign, or null.</param>
/// <param name="ItemId">The campaign item, or null.</param>
/// <param name="Number">E.164 digits.</param>
/// <param name="AccountType">The account type it was routed as.</param>
/// <param name="Route">The route description (no secrets).</param>
/// <param name="Node">The FreeSWITCH node it was sent to.</param>
/// <param name="CreatedAt">When the originate was sent.</param>
internal sealed record CallStart(
    Guid CallId,
    int Attempt,
    long TenantId,
    long? CampaignId,
    long? ItemId,
    string Number,
    AccountType AccountType,
    string Route,
    string? Node,
    DateTimeOffset CreatedAt);

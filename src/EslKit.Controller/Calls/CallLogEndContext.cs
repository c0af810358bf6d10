using EslKit.Controller.Tenants;

namespace EslKit.Controller.Calls;

/// <summary>What an attempt's end row needs beyond the end itself, read when it is written (<see cref="CallLogStore"/>).</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="CampaignId">The campaign, or null.</param>
/// <param name="ItemId">The campaign item, or null.</param>
/// <param name="Number">The number dialled.</param>
/// <param name="AccountType">The tenant's account type when the call was placed.</param>
/// <param name="Route">How the call went out.</param>
/// <param name="Price">The tenant's price per minute.</param>
/// <param name="CreatedAt">When the attempt started.</param>
/// <param name="Settings">The system's costs and billing increment.</param>
internal sealed record CallLogEndContext(
    long TenantId, long? CampaignId, long? ItemId, string Number, AccountType AccountType, string Route, decimal Price, DateTimeOffset CreatedAt, SystemSettings Settings);

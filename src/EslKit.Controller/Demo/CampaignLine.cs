using EslKit.Controller.Campaigns;
using EslKit.Controller.Tenants;

namespace EslKit.Controller.Demo;

/// <summary>A campaign's line in the progress display.</summary>
/// <param name="Tenant">The tenant's name.</param>
/// <param name="AccountType">Trial or pro.</param>
/// <param name="ActiveCalls">The tenant's calls in progress (items dialing or answered).</param>
/// <param name="Limit">The tenant's concurrency limit.</param>
/// <param name="Progress">The campaign's items by state and disposition.</param>
internal sealed record CampaignLine(string Tenant, AccountType AccountType, int ActiveCalls, int Limit, CampaignProgress Progress);

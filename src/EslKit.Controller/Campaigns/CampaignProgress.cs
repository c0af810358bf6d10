namespace EslKit.Controller.Campaigns;

/// <summary>How far a campaign is: its items counted by state and by disposition (answered, a hangup cause, dnc …).</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="State">The campaign's state.</param>
/// <param name="Total">All its items.</param>
/// <param name="ByState">Items per state (every state present, zero included).</param>
/// <param name="ByDisposition">Items per disposition, for items that have one.</param>
internal sealed record CampaignProgress(
    long CampaignId,
    CampaignState State,
    int Total,
    IReadOnlyDictionary<ItemState, int> ByState,
    IReadOnlyDictionary<string, int> ByDisposition);

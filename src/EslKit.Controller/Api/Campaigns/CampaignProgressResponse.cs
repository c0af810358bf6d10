using EslKit.Controller.Campaigns;

namespace EslKit.Controller.Api.Campaigns;

/// <summary>A campaign's status: its state and its items counted by state and by disposition.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="State">The campaign's state.</param>
/// <param name="Total">All its items.</param>
/// <param name="ByState">Items per item state (every state, zero included): pending, dialing, answered, done, retry, failed, skipped, cancelled.</param>
/// <param name="ByDisposition">Items per disposition (answered, a hangup cause, dnc, no_sip_configuration …), for items that have one.</param>
internal sealed record CampaignProgressResponse(
    long CampaignId,
    string State,
    int Total,
    IReadOnlyDictionary<string, int> ByState,
    IReadOnlyDictionary<string, int> ByDisposition)
{
    /// <summary>The response for <paramref name="progress"/>.</summary>
    public static CampaignProgressResponse From(CampaignProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return new(
            progress.CampaignId,
            progress.State.ToText(),
            progress.Total,
            progress.ByState.OrderBy(p => p.Key).ToDictionary(p => p.Key.ToText(), p => p.Value, StringComparer.Ordinal),
            progress.ByDisposition);
    }
}

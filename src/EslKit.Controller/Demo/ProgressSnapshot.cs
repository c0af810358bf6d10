using EslKit.Controller.Campaigns;

namespace EslKit.Controller.Demo;

/// <summary>One look at the demo's progress.</summary>
/// <param name="Elapsed">Since the campaigns started.</param>
/// <param name="Campaigns">Each campaign's items by state and disposition, with its tenant's active calls and limit.</param>
/// <param name="Trunk">The shared trunk's name.</param>
/// <param name="TrunkActive">Calls active on it (all trial tenants).</param>
/// <param name="TrunkLimit">Its limit.</param>
/// <param name="Node">The node's name.</param>
/// <param name="NodeActive">This instance's calls on the node.</param>
/// <param name="NodeCallsPerSecond">The node's calls per second.</param>
/// <param name="CallsPerSecond">Originates sent per second, over the last seconds.</param>
/// <param name="Refusals">Originates the node refused ("not now") so far.</param>
internal sealed record ProgressSnapshot(
    TimeSpan Elapsed,
    IReadOnlyList<CampaignLine> Campaigns,
    string Trunk,
    int TrunkActive,
    int TrunkLimit,
    string Node,
    int NodeActive,
    int NodeCallsPerSecond,
    double CallsPerSecond,
    long Refusals)
{
    /// <summary>Whether every campaign has finished (completed or cancelled).</summary>
    public bool Finished => Campaigns.All(c => c.Progress.State is CampaignState.Completed or CampaignState.Cancelled);
}

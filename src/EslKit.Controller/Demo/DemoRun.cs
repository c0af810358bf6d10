using EslKit.Controller.Campaigns;
using EslKit.Controller.Tenants;

namespace EslKit.Controller.Demo;

/// <summary>What the demo created.</summary>
internal sealed record DemoRun(Tenant Trial, Tenant Pro, Campaign TrialCampaign, Campaign ProCampaign, ImportReport TrialImport, ImportReport ProImport)
{
    /// <summary>Both campaigns, trial first.</summary>
    public IReadOnlyList<Campaign> Campaigns => [TrialCampaign, ProCampaign];

    /// <summary>Both tenants, trial first.</summary>
    public IReadOnlyList<Tenant> Tenants => [Trial, Pro];
}

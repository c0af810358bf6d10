using EslKit.Controller.Campaigns;
using EslKit.Controller.Tenants;

namespace EslKit.Controller.Tests.Integration;

/// <summary>Tenants and started campaigns through the real services of a harness.</summary>
internal static class Scenario
{
    /// <summary>Creates a trial tenant with one started campaign of <paramref name="numbers"/> (E.164 digits, any hour).</summary>
    public static async Task<(Tenant Tenant, long CampaignId)> TrialCampaignAsync(ControllerHarness harness, string name, params string[] numbers)
    {
        var tenant = await harness.Get<TenantService>().CreateAsync(new NewTenant(name, AccountType.Trial), default);
        return (tenant, await CampaignAsync(harness, tenant, numbers));
    }

    /// <summary>A started campaign of <paramref name="numbers"/> for <paramref name="tenant"/> (one attempt, any hour).</summary>
    public static async Task<long> CampaignAsync(ControllerHarness harness, Tenant tenant, string[] numbers, int maxAttempts = 1, CallingWindow? window = null)
    {
        var campaigns = harness.Get<CampaignService>();
        var campaign = await campaigns.CreateAsync(new NewCampaign(tenant.Id, "campaign-" + Guid.NewGuid().ToString("N")[..6], maxAttempts, null, window ?? new CallingWindow(TimeOnly.MinValue, TimeOnly.MaxValue)), default);
        await harness.Get<NumberImporter>().ImportAsync(tenant.Id, campaign.Id, NumberListReader.FromList(numbers.Select(n => "+" + n)), default);
        await campaigns.StartAsync(tenant.Id, campaign.Id, default);
        return campaign.Id;
    }
}

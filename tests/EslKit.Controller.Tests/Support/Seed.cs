using EslKit.Controller.Campaigns;
using EslKit.Controller.Tenants;

namespace EslKit.Controller.Tests.Support;

/// <summary>Creates tenants and campaigns through the real services.</summary>
internal static class Seed
{
    private static int _names;

    public static Task<Tenant> TenantAsync(this ControllerServices services, AccountType type, int? limit = null, bool mayOverrideCallerId = false) =>
        services.Get<TenantService>().CreateAsync(new NewTenant($"tenant-{Interlocked.Increment(ref _names)}", type, limit, MayOverrideCallerId: mayOverrideCallerId), default);

    public static Task<Campaign> CampaignAsync(this ControllerServices services, long tenantId, int maxAttempts = 3, CallingWindow? window = null, string timeZone = "Asia/Kuala_Lumpur", RetryPolicy? policy = null) =>
        services.Get<CampaignService>().CreateAsync(new NewCampaign(tenantId, $"campaign-{Interlocked.Increment(ref _names)}", maxAttempts, policy, window ?? new CallingWindow(TimeOnly.MinValue, TimeOnly.MaxValue), timeZone), default);

    public static Task<ImportReport> ImportAsync(this ControllerServices services, Campaign campaign, params string[] numbers) =>
        services.Get<NumberImporter>().ImportAsync(campaign.TenantId, campaign.Id, NumberListReader.FromList(numbers), default);

    /// <summary><paramref name="count"/> distinct valid Malaysian mobile numbers (E.164 digits), from <paramref name="first"/>.</summary>
    public static string[] MalaysianMobiles(int count, int first = 0) =>
        [.. Enumerable.Range(first, count).Select(i => "6012" + (1_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))];
}

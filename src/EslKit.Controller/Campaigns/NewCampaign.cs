namespace EslKit.Controller.Campaigns;

/// <summary>What a campaign is created from.</summary>
/// <param name="TenantId">The owning tenant.</param>
/// <param name="Name">1–200 characters.</param>
/// <param name="MaxAttempts">Attempts per number that count (1–20; the node's throttle refusals do not count).</param>
/// <param name="RetryPolicy">Waits between attempts; null for the defaults.</param>
/// <param name="Window">The calling window in the callee's local time; null for 08:00–21:00.</param>
/// <param name="TimeZone">IANA zone for numbers whose zone the number does not tell (e.g. <c>Asia/Kuala_Lumpur</c>).</param>
/// <param name="DefaultRegion">Region for numbers without a country code; null for the tenant's.</param>
/// <param name="CallerId">A caller ID for this campaign's calls, if the tenant may override it.</param>
internal sealed record NewCampaign(
    long TenantId,
    string Name,
    int MaxAttempts = 3,
    RetryPolicy? RetryPolicy = null,
    CallingWindow? Window = null,
    string TimeZone = "Asia/Kuala_Lumpur",
    string? DefaultRegion = null,
    string? CallerId = null);

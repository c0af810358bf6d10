using EslKit.Controller.Campaigns;

namespace EslKit.Controller.Api.Campaigns;

/// <summary>A new campaign (created as a draft: upload numbers, then start it).</summary>
/// <param name="Name">1–200 characters.</param>
/// <param name="MaxAttempts">Attempts per number that count (1–20, default 3).</param>
/// <param name="RetryPolicy">Waits between attempts (defaults: busy 300 s, no answer 900 s, failure 120 s, node refusal 5 s, jitter 0.2).</param>
/// <param name="Window">The calling window in the callee's local time (default 08:00–21:00).</param>
/// <param name="TimeZone">IANA zone for numbers whose zone the number does not tell (default <c>Asia/Kuala_Lumpur</c>).</param>
/// <param name="DefaultRegion">Region for numbers without a country code (default: the tenant's).</param>
/// <param name="CallerId">A caller ID for this campaign's calls, if the tenant may override it.</param>
internal sealed record CreateCampaignRequest(
    string? Name,
    int? MaxAttempts = null,
    RetryPolicy? RetryPolicy = null,
    WindowBody? Window = null,
    string? TimeZone = null,
    string? DefaultRegion = null,
    string? CallerId = null)
{
    /// <summary>The service's input for <paramref name="tenantId"/>.</summary>
    public NewCampaign ToNewCampaign(long tenantId) => new(
        tenantId,
        Name ?? "",
        MaxAttempts ?? 3,
        RetryPolicy,
        Window?.ToWindow(),
        TimeZone ?? "Asia/Kuala_Lumpur",
        DefaultRegion,
        CallerId);
}

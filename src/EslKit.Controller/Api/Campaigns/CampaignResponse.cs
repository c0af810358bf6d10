using EslKit.Controller.Campaigns;

namespace EslKit.Controller.Api.Campaigns;

/// <summary>A campaign.</summary>
/// <param name="Id">The campaign id.</param>
/// <param name="Name">Its name.</param>
/// <param name="State"><c>draft</c>, <c>running</c>, <c>paused</c>, <c>cancelled</c> or <c>completed</c>.</param>
/// <param name="MaxAttempts">Attempts per number that count.</param>
/// <param name="RetryPolicy">Waits between attempts.</param>
/// <param name="Window">The calling window (callee's local time).</param>
/// <param name="TimeZone">The fallback IANA zone.</param>
/// <param name="DefaultRegion">Region for numbers without a country code.</param>
/// <param name="CallerId">The caller ID override, or null.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="StartedAt">When it first started, or null.</param>
/// <param name="FinishedAt">When it completed or was cancelled, or null.</param>
internal sealed record CampaignResponse(
    long Id,
    string Name,
    string State,
    int MaxAttempts,
    RetryPolicy RetryPolicy,
    WindowBody Window,
    string TimeZone,
    string DefaultRegion,
    string? CallerId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary>The response for <paramref name="campaign"/>.</summary>
    public static CampaignResponse From(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return new(campaign.Id, campaign.Name, campaign.State.ToText(), campaign.MaxAttempts, campaign.RetryPolicy, WindowBody.From(campaign.Window), campaign.TimeZone, campaign.DefaultRegion, campaign.CallerId, campaign.CreatedAt, campaign.StartedAt, campaign.FinishedAt);
    }
}

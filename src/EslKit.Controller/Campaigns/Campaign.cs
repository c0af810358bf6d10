namespace EslKit.Controller.Campaigns;

/// <summary>A campaign (a row of <c>campaigns</c>).</summary>
internal sealed record Campaign(
    long Id,
    long TenantId,
    string Name,
    CampaignState State,
    int MaxAttempts,
    RetryPolicy RetryPolicy,
    CallingWindow Window,
    string TimeZone,
    string DefaultRegion,
    string? CallerId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt);

namespace EslKit.Controller.Calls;

/// <summary>What a call-log search keeps (every condition optional; the tenant is always given separately).</summary>
/// <param name="CampaignId">Only this campaign's attempts.</param>
/// <param name="Outcome">Only answered, unanswered or in-progress attempts.</param>
/// <param name="HangupCause">Only attempts that ended with this cause, e.g. <c>USER_BUSY</c>.</param>
/// <param name="From">Only attempts created at or after this time.</param>
/// <param name="To">Only attempts created before this time.</param>
internal sealed record CallLogFilter(
    long? CampaignId = null,
    CallOutcomeFilter? Outcome = null,
    string? HangupCause = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);

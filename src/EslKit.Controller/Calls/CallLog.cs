namespace EslKit.Controller.Calls;

/// <summary>One row of <c>call_logs</c>: an attempt, its times, outcome and money.</summary>
internal sealed record CallLog(
    Guid CallId,
    int Attempt,
    long TenantId,
    long? CampaignId,
    long? ItemId,
    string Number,
    string AccountType,
    string Route,
    string? Node,
    Guid? ChannelUuid,
    DateTimeOffset CreatedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    int? DurationSeconds,
    int? Billsec,
    string? HangupCause,
    string? SipStatus,
    decimal? TelephonyCost,
    decimal? AiCost,
    decimal? Revenue);

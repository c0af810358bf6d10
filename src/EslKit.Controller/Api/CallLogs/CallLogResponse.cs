using EslKit.Controller.Calls;

namespace EslKit.Controller.Api.CallLogs;

/// <summary>One call attempt's log: times, outcome and money (route without secrets).</summary>
/// <param name="CallId">The call (one per campaign number).</param>
/// <param name="Attempt">The attempt number.</param>
/// <param name="CampaignId">Its campaign, or null.</param>
/// <param name="Number">The number dialled (E.164 digits).</param>
/// <param name="AccountType"><c>trial</c> or <c>pro</c> at the time of the call.</param>
/// <param name="Route">How it was routed, e.g. <c>trial via gateway trunk</c>, <c>pro 601548732121@sip.example</c>.</param>
/// <param name="Node">The FreeSWITCH node, or null.</param>
/// <param name="ChannelUuid">FreeSWITCH's channel UUID, or null.</param>
/// <param name="CreatedAt">When the originate was sent.</param>
/// <param name="AnsweredAt">When the callee answered, or null.</param>
/// <param name="EndedAt">When it ended, or null while in progress.</param>
/// <param name="DurationSeconds">FreeSWITCH's duration.</param>
/// <param name="Billsec">FreeSWITCH's billsec (answered time).</param>
/// <param name="HangupCause">e.g. <c>NORMAL_CLEARING</c>, <c>USER_BUSY</c>.</param>
/// <param name="SipStatus">The SIP status code, or null.</param>
/// <param name="TelephonyCost">Our trunk's cost (trial calls).</param>
/// <param name="AiCost">The AI cost estimate.</param>
/// <param name="Revenue">What the tenant is billed.</param>
internal sealed record CallLogResponse(
    Guid CallId,
    int Attempt,
    long? CampaignId,
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
    decimal? Revenue)
{
    /// <summary>The response for <paramref name="log"/>.</summary>
    public static CallLogResponse From(CallLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        return new(log.CallId, log.Attempt, log.CampaignId, log.Number, log.AccountType, log.Route, log.Node, log.ChannelUuid, log.CreatedAt, log.AnsweredAt, log.EndedAt, log.DurationSeconds, log.Billsec, log.HangupCause, log.SipStatus, log.TelephonyCost, log.AiCost, log.Revenue);
    }
}

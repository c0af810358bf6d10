namespace EslKit.Controller.Calls;

/// <summary>
/// What CHANNEL_HANGUP_COMPLETE (or a failed originate) tells of an attempt: FreeSWITCH's own times and
/// durations (variable_duration, variable_billsec), the hangup cause and the SIP status (variable_sip_term_status).
/// </summary>
/// <param name="CallId">eslkit_call_id.</param>
/// <param name="Attempt">eslkit_attempt.</param>
/// <param name="ChannelUuid">The leg that carried the call, or null.</param>
/// <param name="AnsweredAt">When it was answered, or null.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="DurationSeconds">variable_duration.</param>
/// <param name="Billsec">variable_billsec (answered seconds).</param>
/// <param name="HangupCause">Hangup-Cause, e.g. NORMAL_CLEARING.</param>
/// <param name="SipStatus">variable_sip_term_status, e.g. 200, 486; or null.</param>
/// <param name="Node">The node that reported it.</param>
internal sealed record CallEnd(
    Guid CallId,
    int Attempt,
    Guid? ChannelUuid,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset EndedAt,
    int DurationSeconds,
    int Billsec,
    string HangupCause,
    string? SipStatus,
    string? Node);

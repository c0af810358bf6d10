namespace EslKit;

/// <summary>
/// How a channel's call ended, as its outbound session saw it (<see cref="EslOutboundSession.WaitForHangupAsync"/>):
/// the cause, and the CHANNEL_HANGUP_COMPLETE event with the call's times and CDR variables when it arrived.
/// </summary>
public sealed class EslHangup
{
    internal EslHangup(Guid uniqueId, EslHangupCause? cause, EslEvent? hangupComplete, bool reported)
    {
        UniqueId = uniqueId;
        Cause = cause;
        HangupComplete = hangupComplete;
        IsReported = reported;
    }

    /// <summary>The channel.</summary>
    public Guid UniqueId { get; }

    /// <summary>
    /// The <c>Hangup-Cause</c> of CHANNEL_HANGUP (or of CHANNEL_HANGUP_COMPLETE); null when no event said it
    /// before the connection ended (events off, or the connection lost).
    /// </summary>
    public EslHangupCause? Cause { get; }

    /// <summary>
    /// The CHANNEL_HANGUP_COMPLETE event (<c>variable_billsec</c>, <c>variable_duration</c>, <c>variable_hangup_cause_q850</c>,
    /// your origination variables …), or null when the connection ended before it arrived.
    /// </summary>
    public EslEvent? HangupComplete { get; }

    /// <summary>
    /// True when the connection ended before CHANNEL_HANGUP_COMPLETE arrived: the socket did not linger, did not
    /// receive the channel's events (<c>myevents</c>), or was lost. <see cref="HangupComplete"/> is null then.
    /// </summary>
    public bool ConnectionClosedFirst => HangupComplete is null;

    /// <summary>
    /// True when FreeSWITCH reported the hangup (CHANNEL_HANGUP, the linger notice or CHANNEL_HANGUP_COMPLETE).
    /// False when the connection simply ended: after a lost connection the channel may still be up, and only an
    /// inbound client (CHANNEL_HANGUP_COMPLETE on every node) or <c>uuid_exists</c> can tell.
    /// </summary>
    public bool IsReported { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"channel {UniqueId}: {(Cause is null ? "cause unknown" : Cause.Name)}{(ConnectionClosedFirst ? IsReported ? ", connection closed before CHANNEL_HANGUP_COMPLETE" : ", connection ended without a hangup" : string.Empty)}";
}

namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>
/// Classifies FreeSWITCH's hangup causes and originate failures (a BACKGROUND_JOB body such as
/// <c>-ERR USER_BUSY</c>, or a CHANNEL_HANGUP_COMPLETE <c>Hangup-Cause</c>), as seen in the captures
/// (fixtures/freeswitch-calls: call-outcomes, throttle, failover-uuid). Unknown causes are retryable: an
/// attempt is spent and max_attempts bounds them.
/// </summary>
internal static class HangupCauses
{
    /// <summary>The cause FreeSWITCH gives for its own "not now" (throttle, no RTP ports, duplicate UUID).</summary>
    public const string DestinationOutOfOrder = "DESTINATION_OUT_OF_ORDER";

    /// <summary>
    /// The end written for an attempt whose instance died and whose call is on no node any more, with nobody having
    /// heard its hangup (the lease rescuer): not a FreeSWITCH cause, so it classifies as retryable.
    /// </summary>
    public const string InstanceLost = "INSTANCE_LOST";

    /// <summary>The end written for a call a node no longer has after it came back (reconciliation): retryable.</summary>
    public const string NodeLost = "NODE_LOST";

    /// <summary>
    /// The end written for a call the database thought up on a node that nobody has reached for
    /// <see cref="DispatcherOptions.LostCallGraceSeconds"/>: final (never re-dialled: it may have been answered).
    /// </summary>
    public const string NodeUnreachable = "NODE_UNREACHABLE";

    private static readonly HashSet<string> Retryable = new(StringComparer.Ordinal)
    {
        "USER_BUSY", "NO_ANSWER", "NO_USER_RESPONSE", "NORMAL_TEMPORARY_FAILURE",
        "RECOVERY_ON_TIMER_EXPIRE", "NETWORK_OUT_OF_ORDER", "SWITCH_CONGESTION", "NORMAL_CIRCUIT_CONGESTION",
        "ORIGINATOR_CANCEL", "MEDIA_TIMEOUT", "PROGRESS_TIMEOUT", "ALLOTTED_TIMEOUT", "SYSTEM_SHUTDOWN",
        "LOSE_RACE", "SUBSCRIBER_ABSENT", "REQUESTED_CHAN_UNAVAIL", "FACILITY_NOT_SUBSCRIBED",
    };

    private static readonly HashSet<string> Final = new(StringComparer.Ordinal)
    {
        "UNALLOCATED_NUMBER", "INVALID_NUMBER_FORMAT", "CALL_REJECTED", "NUMBER_CHANGED", "NO_ROUTE_DESTINATION",
        "NO_ROUTE_TRANSIT_NET", "REDIRECTION_TO_NEW_DESTINATION", "INCOMPATIBLE_DESTINATION", "BEARERCAPABILITY_NOTAUTH",
        "BEARERCAPABILITY_NOTAVAIL", "SERVICE_NOT_IMPLEMENTED", "CHAN_NOT_IMPLEMENTED", "FACILITY_REJECTED",
        "OUTGOING_CALL_BARRED", "INCOMING_CALL_BARRED", "MANDATORY_IE_MISSING", "USER_NOT_REGISTERED", NodeUnreachable,
    };

    /// <summary>
    /// The bare cause, read with EslKit's cause table (<see cref="EslHangupCause"/>): <c>-ERR USER_BUSY</c>,
    /// <c>USER_BUSY</c>, <c>user_busy</c> and <c>17</c> all give <c>USER_BUSY</c>; anything that is not a cause
    /// gives <c>UNKNOWN</c>.
    /// </summary>
    public static string Normalize(string? text)
    {
        var span = (text ?? "").AsSpan().Trim();
        if (span.StartsWith("-ERR", StringComparison.Ordinal))
        {
            span = span[4..].Trim();
        }

        int end = span.IndexOfAny(" \t\r\n");
        if (end >= 0)
        {
            span = span[..end];
        }

        if (span.SequenceEqual(InstanceLost) || span.SequenceEqual(NodeLost) || span.SequenceEqual(NodeUnreachable))
        {
            return span.ToString();
        }

        return EslHangupCause.TryParse(span.ToString(), out var cause) ? cause.Name : "UNKNOWN";
    }

    /// <summary>Whether the cause says the node's shared gateway cannot carry calls (GATEWAY_DOWN, INVALID_GATEWAY): the call goes to another node.</summary>
    public static bool IsGatewayUnusable(string normalized) => normalized is "GATEWAY_DOWN" or "INVALID_GATEWAY";

    /// <summary>
    /// What <paramref name="cause"/> (bare or as <c>-ERR CAUSE</c>) means for the item. The node's "not now"
    /// (DESTINATION_OUT_OF_ORDER) and its gateway being unusable (GATEWAY_DOWN, INVALID_GATEWAY: nothing reached the
    /// callee) are node refusals: retried soon, on another node where one can take it, without spending an attempt.
    /// </summary>
    public static CauseClass Classify(string? cause)
    {
        string normalized = Normalize(cause);
        return normalized == DestinationOutOfOrder || IsGatewayUnusable(normalized) ? CauseClass.NodeRefusal
            : Final.Contains(normalized) ? CauseClass.Final
            : CauseClass.Retryable;
    }

    /// <summary>Whether the cause is a busy callee (waits <see cref="RetryPolicy.BusySeconds"/>).</summary>
    public static bool IsBusy(string normalized) => normalized == "USER_BUSY";

    /// <summary>Whether the cause is a callee that did not answer (waits <see cref="RetryPolicy.NoAnswerSeconds"/>).</summary>
    public static bool IsNoAnswer(string normalized) => normalized is "NO_ANSWER" or "NO_USER_RESPONSE" or "ORIGINATOR_CANCEL";
}

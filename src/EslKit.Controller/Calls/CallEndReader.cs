using System.Globalization;
using EslKit.Controller.Campaigns.Dispatch;

namespace EslKit.Controller.Calls;

/// <summary>
/// Reads an attempt's end from CHANNEL_HANGUP_COMPLETE as FreeSWITCH reports it (fixtures/freeswitch-calls:
/// call-outcomes, call-socket-session, call-socket-session-inbound): <c>Hangup-Cause</c>, <c>variable_duration</c>,
/// <c>variable_billsec</c>, <c>variable_answer_uepoch</c> (0 when never answered), <c>variable_end_uepoch</c>,
/// <c>variable_sip_term_status</c>, and our <c>variable_eslkit_*</c>.
/// </summary>
internal static class CallEndReader
{
    /// <summary>The end the event reports, or null when it is not one of our channels.</summary>
    public static CallEnd? Read(EslEvent hangupComplete, string? node, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(hangupComplete);
        if (!CallIdentity.TryRead(hangupComplete, out var call))
        {
            return null;
        }

        var e = hangupComplete;
        string cause = HangupCauses.Normalize(e["Hangup-Cause"] ?? e["variable_hangup_cause"]);
        return new CallEnd(
            call.CallId,
            call.Attempt,
            e.UniqueId,
            Microseconds(e["variable_answer_uepoch"]),
            Microseconds(e["variable_end_uepoch"]) ?? Microseconds(e["Event-Date-Timestamp"]) ?? now,
            Seconds(e["variable_duration"]),
            Seconds(e["variable_billsec"]),
            cause,
            string.IsNullOrEmpty(e["variable_sip_term_status"]) ? null : e["variable_sip_term_status"],
            node);
    }

    private static DateTimeOffset? Microseconds(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long us) && us > 0
            ? DateTimeOffset.UnixEpoch.AddTicks(us * 10)
            : null;

    private static int Seconds(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) ? seconds : 0;
}

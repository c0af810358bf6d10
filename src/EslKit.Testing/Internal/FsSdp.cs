using System.Globalization;

namespace EslKit.Testing.Internal;

/// <summary>What mod_sofia sets on an outbound leg beyond the core: its SDP offer, and the SIP variables at answer and at failure.</summary>
internal static class FsSdp
{
    /// <summary>The local SDP offer (<c>variable_rtp_local_sdp_str</c>) for PCMU/PCMA with telephone-event and CN.</summary>
    public static string Offer(int port) => string.Create(
        CultureInfo.InvariantCulture,
        $"v=0\no=FreeSWITCH 1796483723 1796483724 IN IP4 127.0.0.1\ns=FreeSWITCH\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio {port} RTP/AVP 0 8 101 13\na=rtpmap:0 PCMU/8000\na=rtpmap:8 PCMA/8000\na=rtpmap:101 telephone-event/8000\na=fmtp:101 0-15\na=rtpmap:13 CN/8000\na=ptime:20\na=sendrecv\n");

    /// <summary>sofia's variables when the far end refused the INVITE (or could not be reached: reply and network port 0).</summary>
    public static KeyValuePair<string, string>[] FailureVariables(EslCallOutcome outcome, bool reachable, string remote)
    {
        string host = remote.Split(':')[0];
        string port = reachable && remote.Contains(':', StringComparison.Ordinal) ? remote[(remote.IndexOf(':', StringComparison.Ordinal) + 1)..] : reachable ? "5060" : "0";
        string status = outcome.SipStatus.ToString(CultureInfo.InvariantCulture);
        string q850 = FsCauses.Q850(outcome.Cause);
        var list = new List<KeyValuePair<string, string>>
        {
            new("sip_call_id", Guid.NewGuid().ToString("D")),
            new("sip_local_network_addr", "127.0.0.1"),
        };
        if (reachable)
        {
            list.Add(new("sip_reply_host", host));
        }

        list.Add(new("sip_reply_port", port));
        if (reachable)
        {
            list.Add(new("sip_network_ip", host));
        }

        list.Add(new("sip_network_port", port));
        list.Add(new("sip_hangup_disposition", "recv_refuse"));
        list.Add(new("sip_invite_failure_status", status));
        list.Add(new("sip_invite_failure_phrase", outcome.SipPhrase));
        if (reachable && outcome.SipStatus is 486 or 603 or 404)
        {
            list.Add(new("sip_reason", $"Q.850;cause={q850};text=\"{outcome.Cause}\""));
        }

        list.Add(new("sip_term_status", status));
        list.Add(new("proto_specific_hangup_cause", "sip:" + status));
        list.Add(new("sip_term_cause", q850));
        return [.. list];
    }

    /// <summary>sofia's variables when the far end answered (200 OK and its SDP): network, dialog and media.</summary>
    public static KeyValuePair<string, string>[] AnswerVariables(string remote, string number)
    {
        string host = remote.Split(':')[0];
        string port = remote.Contains(':', StringComparison.Ordinal) ? remote[(remote.IndexOf(':', StringComparison.Ordinal) + 1)..] : "5060";
        return
        [
            new("sip_reply_host", host), new("sip_reply_port", port), new("sip_network_ip", host), new("sip_network_port", port),
            new("sip_to_user", number), new("sip_to_uri", $"{number}@{remote}"), new("sip_call_id", Guid.NewGuid().ToString("D")),
            new("rtp_use_codec_name", "PCMU"), new("rtp_use_codec_rate", "8000"), new("rtp_use_codec_ptime", "20"),
            new("read_codec", "PCMU"), new("read_rate", "8000"), new("write_codec", "PCMU"), new("write_rate", "8000"),
            new("sip_term_status", "200"),
        ];
    }
}

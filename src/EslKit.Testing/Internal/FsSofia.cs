using System.Globalization;

namespace EslKit.Testing.Internal;

/// <summary>
/// What mod_sofia sets on a leg, step by step, in FreeSWITCH 1.11's order as the freeswitch-calls captures show it: the
/// SDP, the dialog variables of a response, the media of an answer, a refusal, a CANCEL, a BYE and the RTP statistics.
/// </summary>
internal static class FsSofia
{
    public const string Allow = "INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, INFO, UPDATE, REGISTER, REFER, NOTIFY";

    public static string UserAgent(EslSwitchEmulator emulator) => "FreeSWITCH-mod_sofia/" + emulator.Options.FreeSwitchVersion;

    /// <summary>The SDP offer of an outbound leg (PCMU, PCMA, telephone-event, CN); <c>a=sendrecv</c> in the local copy only.</summary>
    public static string Offer(FsSipDialog media, bool sendrecv) => string.Create(
        CultureInfo.InvariantCulture,
        $"v=0\r\no=FreeSWITCH {media.SdpSession} {media.SdpSession + 1} IN IP4 127.0.0.1\r\ns=FreeSWITCH\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {media.MediaPort} RTP/AVP 0 8 101 13\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=rtpmap:13 CN/8000\r\na=ptime:20\r\n{(sendrecv ? "a=sendrecv\r\n" : string.Empty)}");

    /// <summary>The answering side's SDP (PCMU chosen); its origin address is the answering profile's.</summary>
    public static string Answer(FsSipDialog media, string originIp, bool sendrecv) => string.Create(
        CultureInfo.InvariantCulture,
        $"v=0\r\no=FreeSWITCH {media.SdpSession} {media.SdpSession + 1} IN IP4 {originIp}\r\ns=FreeSWITCH\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {media.MediaPort} RTP/AVP 0 101 13\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=rtpmap:13 CN/8000\r\na=ptime:20\r\n{(sendrecv ? "a=sendrecv\r\n" : string.Empty)}");

    /// <summary>A response with a dialog (180 or 200) reached the originated leg: the network and dialog variables.</summary>
    public static void Dialog(FsCallLeg leg)
    {
        var route = leg.Route!;
        var sip = leg.Sip;
        string remotePort = route.RemotePort ?? "5060";
        string local = route.ProfileAddress;
        string localPort = local[(local.LastIndexOf(':') + 1)..];
        string via = $"SIP/2.0/UDP {local};rport={localPort};branch={sip.InviteBranch}";
        leg.Set("sip_local_network_addr", "127.0.0.1")
            .Set("sip_reply_host", route.RemoteHost)
            .Set("sip_reply_port", remotePort)
            .Set("sip_network_ip", route.RemoteHost)
            .Set("sip_network_port", remotePort)
            .Set("sip_user_agent", UserAgent(leg.Emulator))
            .Set("sip_allow", Allow)
            .Set("sip_recover_contact", $"<sip:{route.Number}@{route.Remote};transport=udp>")
            .Set("sip_full_via", via)
            .Set("sip_recover_via", via)
            .Set("sip_full_from", $"<sip:{route.FromUser}@{route.FromHost}>;tag={sip.FromTag}")
            .Set("sip_full_to", $"<sip:{route.Number}@{route.Remote}>;tag={sip.ToTag}")
            .Set("sip_from_user", route.FromUser);
        if (route.FromPort is { } fromPort)
        {
            leg.Set("sip_from_port", fromPort);
        }

        leg.Set("sip_from_uri", $"{route.FromUser}@{route.FromHost}")
            .Set("sip_from_host", route.FromHostOnly)
            .Set("sip_to_user", route.Number);
        if (route.RemotePort is { } toPort)
        {
            leg.Set("sip_to_port", toPort);
        }

        leg.Set("sip_to_uri", $"{route.Number}@{route.Remote}")
            .Set("sip_to_host", route.RemoteHost)
            .Set("sip_contact_params", "transport=udp")
            .Set("sip_contact_user", route.Number);
        if (route.RemotePort is { } contactPort)
        {
            leg.Set("sip_contact_port", contactPort);
        }

        leg.Set("sip_contact_uri", $"{route.Number}@{route.Remote}")
            .Set("sip_contact_host", route.RemoteHost)
            .Set("sip_to_tag", sip.ToTag)
            .Set("sip_from_tag", sip.FromTag)
            .Set("sip_cseq", sip.CSeq)
            .Set("sip_call_id", sip.CallId);
        leg.NetworkAddress = route.RemoteHost;
        leg.CalleeName = route.Number;
        leg.CalleeNumber = route.Number;
    }

    /// <summary>The 200 OK's SDP negotiated on the originated leg: the far end's SDP, the codec, the RTP session.</summary>
    public static void AnswerMedia(FsCallLeg leg, FsSipDialog farMedia, string farOriginIp)
    {
        leg.Set("switch_r_sdp", Answer(farMedia, farOriginIp, sendrecv: false))
            .Set("ep_codec_string", "CORE_PCM_MODULE.PCMU@8000h@20i@64000b")
            .Set("rtp_use_codec_string", "PCMU,PCMA")
            .Set("remote_video_media_flow", "inactive")
            .Set("remote_text_media_flow", "inactive")
            .Set("remote_audio_media_flow", "sendrecv")
            .Set("rtp_audio_recv_pt", "0");
        Codec(leg);
        leg.Set("local_media_ip", "127.0.0.1")
            .Set("local_media_port", leg.Sip.MediaPort.ToString(CultureInfo.InvariantCulture))
            .Set("advertised_media_ip", "127.0.0.1");
        RtpSession(leg, farMedia.MediaPort);
    }

    /// <summary>The negotiated codec (PCMU at 8 kHz, 20 ms).</summary>
    public static void Codec(FsCallLeg leg) =>
        leg.Set("rtp_use_codec_name", "PCMU")
            .Set("rtp_use_codec_rate", "8000")
            .Set("rtp_use_codec_ptime", "20")
            .Set("rtp_use_codec_channels", "1")
            .Set("rtp_last_audio_codec_string", "PCMU@8000h@20i@1c")
            .Set("read_codec", "PCMU")
            .Set("original_read_codec", "PCMU")
            .Set("read_rate", "8000")
            .Set("original_read_rate", "8000")
            .Set("write_codec", "PCMU")
            .Set("write_rate", "8000")
            .Set("dtmf_type", "rfc2833");

    /// <summary>The RTP session starts (switch_core_media_activate_rtp).</summary>
    public static void RtpSession(FsCallLeg leg, int remotePort) =>
        leg.Set("rtp_use_timer_name", "soft")
            .Set("rtp_use_pt", "0")
            .Set("rtp_use_ssrc", leg.Sip.Ssrc)
            .Set("rtp_2833_send_payload", "101")
            .Set("rtp_2833_recv_payload", "101")
            .Set("remote_media_ip", "127.0.0.1")
            .Set("remote_media_port", remotePort.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// A final response of 300 or more (sofia's nua_i_invite handling): network, disposition, the failure and the term
    /// cause; an unreachable host answers nothing (ports 0, no reply host); <paramref name="reason"/> when the far end sent a
    /// Reason header (the lab carrier's <c>respond</c> does, a digest challenge does not).
    /// </summary>
    public static void Refused(FsCallLeg leg, EslCallOutcome outcome, bool reachable, bool reason)
    {
        var route = leg.Route!;
        string port = reachable ? route.RemotePort ?? "5060" : "0";
        string status = outcome.SipStatus.ToString(CultureInfo.InvariantCulture);
        leg.Set("sip_call_id", leg.Sip.CallId).Set("sip_local_network_addr", "127.0.0.1");
        if (reachable)
        {
            leg.Set("sip_reply_host", route.RemoteHost);
        }

        leg.Set("sip_reply_port", port);
        if (reachable)
        {
            leg.Set("sip_network_ip", route.RemoteHost);
            leg.NetworkAddress = route.RemoteHost;
        }

        leg.Set("sip_network_port", port)
            .Set("sip_hangup_disposition", "recv_refuse")
            .Set("sip_invite_failure_status", status)
            .Set("sip_invite_failure_phrase", outcome.SipPhrase);
        if (reason)
        {
            leg.Set("sip_reason", Reason(outcome.Cause));
        }

        leg.Set("sip_term_status", status)
            .Set("proto_specific_hangup_cause", "sip:" + status)
            .Set("sip_term_cause", FsCauses.Q850(outcome.Cause));
    }

    /// <summary>Our CANCEL went out (no answer, lost race): after the CDR variables.</summary>
    public static void Cancelled(FsCallLeg leg) =>
        leg.Set("sip_hangup_disposition", "send_cancel")
            .Set("sip_invite_failure_status", "487")
            .Set("sip_invite_failure_phrase", "CANCEL");

    /// <summary>The far end's BYE arrived (sofia_handle_sip_i_bye): at CHANNEL_HANGUP.</summary>
    public static void ByeReceived(FsCallLeg leg) => ByeReceived(leg.Channel);

    /// <summary>The far end's BYE arrived, on a channel an outbound socket controls.</summary>
    public static void ByeReceived(EslEmulatorChannel channel) =>
        channel.SetVariable("sip_reason", Reason("NORMAL_CLEARING"))
            .SetVariable("sip_term_status", "200")
            .SetVariable("proto_specific_hangup_cause", "sip:200")
            .SetVariable("sip_term_cause", "16");

    /// <summary>After a received BYE, before the CDR variables.</summary>
    public static void ByeReceivedReport(FsCallLeg leg) =>
        leg.Set("sip_user_agent", UserAgent(leg.Emulator)).Set("sip_hangup_disposition", "recv_bye");

    /// <summary><c>Q.850;cause=N;text="CAUSE"</c>.</summary>
    public static string Reason(string cause) => $"Q.850;cause={FsCauses.Q850(cause)};text=\"{FsCauses.Normalize(cause)}\"";

    /// <summary>
    /// The RTP statistics set at the end of an answered leg (switch_core_media's stats); <paramref name="received"/> is
    /// whether media came in (the callee's audio) or only went out.
    /// </summary>
    public static void RtpStatistics(FsCallLeg leg, TimeSpan talk, bool received)
    {
        foreach (var (name, value) in RtpStatisticsVariables(talk, received))
        {
            leg.Set(name, value);
        }
    }

    /// <summary>The RTP statistics as variables, in FreeSWITCH's order.</summary>
    public static List<KeyValuePair<string, string>> RtpStatisticsVariables(TimeSpan talk, bool received)
    {
        long packets = Math.Max(0, (long)(talk.TotalMilliseconds / 20));
        string inPackets = received ? packets.ToString(CultureInfo.InvariantCulture) : "0";
        string inBytes = received ? (packets * 172).ToString(CultureInfo.InvariantCulture) : "0";
        string outPackets = received ? "0" : packets.ToString(CultureInfo.InvariantCulture);
        string outBytes = received ? "0" : (packets * 172).ToString(CultureInfo.InvariantCulture);
        return
        [
            new("rtp_audio_in_raw_bytes", inBytes),
            new("rtp_audio_in_media_bytes", inBytes),
            new("rtp_audio_in_packet_count", inPackets),
            new("rtp_audio_in_media_packet_count", inPackets),
            new("rtp_audio_in_skip_packet_count", received ? "2" : packets.ToString(CultureInfo.InvariantCulture)),
            new("rtp_audio_in_jitter_packet_count", "0"),
            new("rtp_audio_in_dtmf_packet_count", "0"),
            new("rtp_audio_in_cng_packet_count", "0"),
            new("rtp_audio_in_flush_packet_count", "0"),
            new("rtp_audio_in_largest_jb_size", "0"),
            new("rtp_audio_in_jitter_min_variance", received ? "79.10" : "0.00"),
            new("rtp_audio_in_jitter_max_variance", received ? "211.05" : "0.00"),
            new("rtp_audio_in_jitter_loss_rate", "0.00"),
            new("rtp_audio_in_jitter_burst_rate", "0.00"),
            new("rtp_audio_in_mean_interval", received ? "20.00" : "0.00"),
            new("rtp_audio_in_flaw_total", "0"),
            new("rtp_audio_in_quality_percentage", "100.00"),
            new("rtp_audio_in_mos", "4.50"),
            new("rtp_audio_out_raw_bytes", outBytes),
            new("rtp_audio_out_media_bytes", outBytes),
            new("rtp_audio_out_packet_count", outPackets),
            new("rtp_audio_out_media_packet_count", outPackets),
            new("rtp_audio_out_skip_packet_count", "0"),
            new("rtp_audio_out_dtmf_packet_count", "0"),
            new("rtp_audio_out_cng_packet_count", "0"),
            new("rtp_audio_rtcp_packet_count", "0"),
            new("rtp_audio_rtcp_octet_count", "0"),
        ];
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace EslKit.Testing.Internal;

/// <summary>
/// The capture lab's far end (<see cref="EslEmulatorCalls.FarEndLegs"/>): the <c>carrier</c> profile of the same switch
/// receives each call as an inbound leg, authenticates it and runs its dialplan — <c>respond</c> for a refusal,
/// <c>ring_ready</c> + <c>sleep</c> for no answer, <c>answer</c> + <c>playback</c> + <c>hangup</c> for an answer. Sets the
/// variables those steps set, in the order the freeswitch-calls captures show.
/// </summary>
internal static partial class FsLabCarrier
{
    private const string CarrierUrl = "sip:mod_sofia@127.0.0.1:5090";

    /// <summary>sofia_handle_sip_i_invite and the SDP offer: the far leg's variables as it is created.</summary>
    public static void Invite(FsCallLeg far, FsCallLeg origin, string authUser)
    {
        var route = origin.Route!;
        var emulator = far.Emulator;
        var sip = far.Sip;
        string callerNumber = origin.OriginalCallerIdNumber;
        string fromUri = $"{route.FromUser}@{route.FromHost}";
        string local = route.ProfileAddress;
        string localHost = local[..local.LastIndexOf(':')];
        string localPort = local[(local.LastIndexOf(':') + 1)..];
        string to = route.Remote;
        string toPort = route.RemotePort ?? "5060";
        far.Set("direction", "inbound").Set("uuid", far.Channel.Id).Set("call_uuid", far.Channel.Id)
            .Set("session_id", emulator.NextSessionId().ToString(CultureInfo.InvariantCulture))
            .Set("sip_from_user", route.FromUser);
        if (route.FromPort is { } fromPort)
        {
            far.Set("sip_from_port", fromPort);
        }

        far.Set("sip_from_uri", fromUri).Set("sip_from_host", route.FromHostOnly)
            .Set("video_media_flow", "disabled").Set("text_media_flow", "disabled")
            .Set("channel_name", far.Channel.Name)
            .Set("sip_call_id", sip.CallId)
            .Set("sip_local_network_addr", "127.0.0.1")
            .Set("sip_network_ip", localHost).Set("sip_network_port", localPort)
            .Set("sip_invite_stamp", far.CreatedAt.ToString(CultureInfo.InvariantCulture))
            .Set("sip_received_ip", localHost).Set("sip_received_port", localPort)
            .Set("sip_via_protocol", "udp")
            .Set("sip_authorized", "true");

        // The directory lookup's REQUEST_PARAMS event lands in the channel's variables, header by header.
        foreach (var header in emulator.CreateEvent("REQUEST_PARAMS").Headers)
        {
            far.Set(header.Name, header.Value);
        }

        far.Set("sip_number_alias", authUser).Set("sip_auth_username", authUser).Set("sip_auth_realm", "127.0.0.1")
            .Set("number_alias", authUser).Set("requested_user_name", authUser).Set("requested_domain_name", "127.0.0.1")
            .Set("user_context", "carrier").Set("user_name", authUser).Set("domain_name", "127.0.0.1")
            .Set("sip_from_user_stripped", route.FromUser)
            .Set("sip_from_tag", sip.FromTag)
            .Set("sofia_profile_name", "carrier").Set("sofia_profile_url", CarrierUrl).Set("recovery_profile_name", "carrier")
            .Set("sip_Remote-Party-ID", $"<sip:{callerNumber}@{route.FromHost}>;party=calling;screen=yes;privacy=off")
            .Set("sip_cid_type", "rpid")
            .Set("sip_full_via", $"SIP/2.0/UDP {local};rport={localPort};branch={sip.InviteBranch}")
            .Set("sip_full_from", $"<sip:{fromUri}>;tag={sip.FromTag}")
            .Set("sip_full_to", $"<sip:{route.Number}@{to}>")
            .Set("sip_allow", FsSofia.Allow)
            .Set("sip_req_user", route.Number).Set("sip_req_port", toPort).Set("sip_req_uri", $"{route.Number}@{to}").Set("sip_req_host", route.RemoteHost)
            .Set("sip_to_user", route.Number).Set("sip_to_port", toPort).Set("sip_to_uri", $"{route.Number}@{to}").Set("sip_to_host", route.RemoteHost);
        string contactUser = route.Gateway is { } gateway ? "gw+" + gateway.Name : "mod_sofia";
        if (route.Gateway is { } gw)
        {
            far.Set("sip_contact_params", $"transport=udp;gw={gw.Name}");
        }

        far.Set("sip_contact_user", contactUser).Set("sip_contact_port", localPort).Set("sip_contact_uri", $"{contactUser}@{local}").Set("sip_contact_host", localHost)
            .Set("sip_user_agent", FsSofia.UserAgent(emulator))
            .Set("sip_via_host", localHost).Set("sip_via_port", localPort).Set("sip_via_rport", localPort)
            .Set("max_forwards", "70")
            .Set("switch_r_sdp", FsSofia.Offer(origin.Sip, sendrecv: false))
            .Set("ep_codec_string", "CORE_PCM_MODULE.PCMU@8000h@20i@64000b,CORE_PCM_MODULE.PCMA@8000h@20i@64000b")
            .Set("rtp_use_codec_string", "PCMU,PCMA")
            .Set("remote_video_media_flow", "inactive").Set("remote_text_media_flow", "inactive").Set("remote_audio_media_flow", "sendrecv")
            .Set("audio_media_flow", "sendrecv")
            .Set("remote_media_ip", "127.0.0.1").Set("remote_media_port", origin.Sip.MediaPort.ToString(CultureInfo.InvariantCulture))
            .Set("rtp_audio_recv_pt", "0");
        FsSofia.Codec(far);
        far.Set("endpoint_disposition", "RECEIVED");
    }

    /// <summary>The carrier's leg for a digest challenge that failed: it never got further than its first variables.</summary>
    public static void Challenged(FsCallLeg far, FsCallLeg origin)
    {
        var route = origin.Route!;
        far.Set("direction", "inbound").Set("uuid", far.Channel.Id).Set("call_uuid", far.Channel.Id)
            .Set("session_id", far.Emulator.NextSessionId().ToString(CultureInfo.InvariantCulture))
            .Set("sip_from_user", route.FromUser).Set("sip_from_uri", $"{route.FromUser}@{route.FromHost}").Set("sip_from_host", route.FromHostOnly)
            .Set("video_media_flow", "disabled").Set("audio_media_flow", "disabled").Set("text_media_flow", "disabled")
            .Set("channel_name", far.Channel.Name)
            .Set("sip_call_id", origin.Sip.CallId)
            .Set("ep_codec_string", "CORE_PCM_MODULE.PCMU@8000h@20i@64000b,CORE_PCM_MODULE.PCMA@8000h@20i@64000b");
    }

    /// <summary>The dialplan starts (the extension's regex captures, then the first application).</summary>
    public static void EnterDialplan(FsCallLeg far, string number)
    {
        var match = AnswerAfterSeconds().Match(number);
        if (match.Success)
        {
            far.Set("DP_MATCH", $"ARRAY::{number}|:{match.Groups[1].Value}");
        }

        far.Set("call_uuid", far.Channel.Id);
    }

    /// <summary><c>respond &lt;status&gt; &lt;phrase&gt;</c>.</summary>
    public static void Respond(FsCallLeg far, EslCallOutcome outcome) =>
        far.RunApplication("respond", $"{outcome.SipStatus.ToString(CultureInfo.InvariantCulture)} {outcome.SipPhrase}");

    /// <summary><c>ring_ready</c> (180 with a To tag).</summary>
    public static void RingReady(FsCallLeg far)
    {
        far.RunApplication("ring_ready", null);
        far.Set("sip_to_tag", far.Sip.ToTag);
    }

    /// <summary><c>answer</c>: the answer SDP and the RTP session.</summary>
    public static void Answer(FsCallLeg far, FsCallLeg origin)
    {
        far.RunApplication("answer", null);
        far.Set("rtp_local_sdp_str", FsSofia.Answer(far.Sip, "127.0.0.1", sendrecv: true))
            .Set("local_media_ip", "127.0.0.1").Set("local_media_port", far.Sip.MediaPort.ToString(CultureInfo.InvariantCulture))
            .Set("advertised_media_ip", "127.0.0.1");
        FsSofia.RtpSession(far, origin.Sip.MediaPort);
    }

    /// <summary>The ACK of the 200 OK: the dialog is confirmed.</summary>
    public static void Acknowledged(FsCallLeg far, FsCallLeg origin)
    {
        var route = origin.Route!;
        string local = route.ProfileAddress;
        string localPort = local[(local.LastIndexOf(':') + 1)..];
        far.Set("endpoint_disposition", "ANSWER")
            .Set("sip_to_tag", far.Sip.ToTag).Set("sip_from_tag", far.Sip.FromTag)
            .Set("sip_cseq", far.Sip.CSeq).Set("sip_call_id", far.Sip.CallId)
            .Set("sip_full_via", $"SIP/2.0/UDP {local};rport={localPort};branch={FsSipDialog.Branch()}")
            .Set("sip_full_from", $"<sip:{route.FromUser}@{route.FromHost}>;tag={far.Sip.FromTag}")
            .Set("sip_full_to", $"<sip:{route.Number}@{route.Remote}>;tag={far.Sip.ToTag}");
    }

    /// <summary>What the last <c>playback</c> set (switch_ivr_play_file): a file of <paramref name="samples"/> at <paramref name="rate"/> Hz, played whole on an 8 kHz channel.</summary>
    public static void Played(FsCallLeg far, long samples, int rate)
    {
        long offset = ((samples * 8000) + rate - 1) / rate;
        far.Set("playback_last_offset_pos", offset.ToString(CultureInfo.InvariantCulture))
            .Set("playback_seconds", (samples / rate).ToString(CultureInfo.InvariantCulture))
            .Set("playback_ms", (samples / (rate / 1000)).ToString(CultureInfo.InvariantCulture))
            .Set("playback_samples", samples.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The originate gave up (CANCEL with its Reason): at CHANNEL_HANGUP.</summary>
    public static void CancelReceived(FsCallLeg far, string originCause) =>
        far.Set("sip_hangup_disposition", "recv_cancel")
            .Set("sip_invite_failure_status", "487")
            .Set("sip_invite_failure_phrase", "CANCEL")
            .Set("sip_reason", FsSofia.Reason(originCause))
            .Set("sip_term_status", "487")
            .Set("proto_specific_hangup_cause", "sip:487")
            .Set("sip_term_cause", "487");

    // The lab carrier's "answer, play N seconds, hang up" numbers: ^60110000(\d)$.
    [GeneratedRegex(@"^60110000(\d)$", RegexOptions.CultureInvariant)]
    private static partial Regex AnswerAfterSeconds();
}

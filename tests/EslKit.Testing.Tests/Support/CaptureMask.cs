using System.Text.RegularExpressions;
using EslKit.Protocol;

namespace EslKit.Testing.Tests.Support;

/// <summary>
/// What a replay compares with a capture, and what it sets aside. The emulator is pinned to the lab's identity
/// (<see cref="LabOptions"/>: Core-UUID, hostname, addresses, password, sessions-per-second and max sessions), so those
/// compare exactly; every other header is compared, in order, except for these values, which the lab's history or its
/// randomness decided and which say nothing about behaviour:
/// <list type="bullet">
/// <item>Times: <c>Event-Date-*</c>, a non-zero <c>Caller-*-Time</c>, <c>variable_*_stamp</c>, <c>*_epoch</c>,
/// <c>*_uepoch</c>, <c>sip_invite_stamp</c> — whole-second durations (<c>duration</c>, <c>billsec</c> …) and whether a
/// time is set (zero or not) are compared; the sub-second durations (<c>mduration</c>, <c>uduration</c>, <c>*msec</c>,
/// <c>*usec</c>: the lab's milliseconds of SIP round trips, where the emulator takes none); the SDP <c>o=</c> session id
/// and version (FreeSWITCH derives them from the clock).</item>
/// <item>Counters of the lab's history: <c>Event-Sequence</c>, <c>session_id</c>, <c>sip_cseq</c>, the numbers in
/// <c>api status</c> (uptime, sessions since start, peaks, idle CPU) and in <c>sofia status gateway</c> (uptime, calls in
/// and out, failed calls).</item>
/// <item>Measurements of the lab's media: the RTP statistics (<c>rtp_audio_*</c>: packets, bytes, jitter, MOS), which
/// depend on its network timing.</item>
/// <item>Ids the switch makes up: a UUID the client did not choose (channel uuids, SIP Call-IDs, application uuids),
/// SIP dialog tags (<c>tag=</c>, <c>sip_from_tag</c>, <c>sip_to_tag</c>), Via branches and the RTP SSRC
/// (<c>rtp_use_ssrc</c>).</item>
/// <item>Addresses the switch picks per call: RTP ports (<c>local_media_port</c>, <c>remote_media_port</c>, the
/// SDP <c>m=audio</c> port); and the test's own listeners' ports and the emulator's file directory, read as the lab's
/// (<see cref="Substitute"/>), with the <c>Content-Length</c> of an event body that names them (the body is compared).</item>
/// </list>
/// </summary>
public sealed partial class CaptureMask
{
    private static readonly HashSet<string> TimeVariables = new(StringComparer.Ordinal)
    {
        "variable_sip_invite_stamp",
    };

    private static readonly HashSet<string> PortVariables = new(StringComparer.Ordinal)
    {
        "variable_local_media_port", "variable_remote_media_port", "variable_remote_audio_port", "variable_rtp_audio_recv_port",
    };

    private readonly HashSet<string> _clientUuids;
    private readonly List<(string Ours, string Lab)> _substitutions = [];

    public CaptureMask(string clientText) =>
        _clientUuids = new HashSet<string>(Uuid().Matches(clientText).Select(m => m.Value), StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads <paramref name="ours"/> (a path or address of the test's own) as the lab's <paramref name="lab"/>.</summary>
    public void Substitute(string ours, string lab) => _substitutions.Add((ours, lab));

    /// <summary>The emulator pinned to the lab switch the capture came from (its first event says who it was).</summary>
    public static EslEmulatorOptions LabOptions(IReadOnlyList<EslMessage> captured, TimeProvider clock)
    {
        var first = captured.First(f => f.Event is not null).Event!;
        return new EslEmulatorOptions
        {
            Password = FixtureReplay.LabPassword,
            TimeProvider = clock,
            CoreUuid = first["Core-UUID"]!,
            Hostname = first["FreeSWITCH-Hostname"]!,
            Switchname = first["FreeSWITCH-Switchname"]!,
            IPv4 = first["FreeSWITCH-IPv4"]!,
            IPv6 = first["FreeSWITCH-IPv6"]!,
            SessionsPerSecond = 1000,
            MaxSessions = 5000,
        };
    }

    /// <summary>A header value with the set-aside parts replaced by placeholders.</summary>
    public string Value(string name, string value)
    {
        if (name is "Event-Date-Local" or "Event-Date-GMT" or "Event-Date-Timestamp" or "variable_Event-Date-Local" or "variable_Event-Date-GMT" or "variable_Event-Date-Timestamp")
        {
            return "<time>";
        }

        if (name == "Content-Length")
        {
            return "<length>"; // an event body's length: the body itself is compared (after masking)
        }

        if (name is "Event-Sequence" or "variable_Event-Sequence" or "variable_session_id" or "variable_sip_cseq")
        {
            return "<n>";
        }

        if (name is "variable_mduration" or "variable_uduration" || (name.StartsWith("variable_", StringComparison.Ordinal) && (name.EndsWith("msec", StringComparison.Ordinal) || name.EndsWith("usec", StringComparison.Ordinal))))
        {
            return "<duration>";
        }

        if (name.StartsWith("variable_rtp_audio_", StringComparison.Ordinal) && name != "variable_rtp_audio_recv_pt")
        {
            return "<rtp>";
        }

        if (name is "variable_rtp_use_ssrc")
        {
            return "<ssrc>";
        }

        bool isTime = TimeVariables.Contains(name)
            || (name.StartsWith("Caller-", StringComparison.Ordinal) && name.EndsWith("-Time", StringComparison.Ordinal))
            || (name.StartsWith("variable_", StringComparison.Ordinal) && (name.EndsWith("_stamp", StringComparison.Ordinal) || name.EndsWith("_epoch", StringComparison.Ordinal) || name.EndsWith("_uepoch", StringComparison.Ordinal)));
        if (isTime)
        {
            return value == "0" ? "0" : "<time>";
        }

        if (PortVariables.Contains(name))
        {
            return "<port>";
        }

        if (name is "variable_sip_from_tag" or "variable_sip_to_tag")
        {
            return "<tag>";
        }

        return Text(value);
    }

    /// <summary>A reply (content type, reply text, body) with the set-aside parts replaced.</summary>
    public string Reply(string text)
    {
        text = Text(text);
        text = Counters().Replace(text, "$1<n>");
        return StatusNumbers().Replace(text, "<n>");
    }

    private string Text(string text)
    {
        foreach (var (ours, lab) in _substitutions)
        {
            text = text.Replace(ours, lab, StringComparison.Ordinal);
        }

        text = Uuid().Replace(text, m => _clientUuids.Contains(m.Value) ? m.Value : "<uuid>");
        text = Tag().Replace(text, "tag=<tag>");
        text = Branch().Replace(text, "branch=<branch>");
        text = SdpOrigin().Replace(text, "o=$1 <t> <t> ");
        return SdpMedia().Replace(text, "m=audio <port> ");
    }

    /// <summary>
    /// Every difference between the captured and the received events, one line each (empty when they agree): events of
    /// one kind (name, subclass, channel, state, answer state, cause, job body) are paired in order, and each pair's
    /// headers compared in order after masking.
    /// </summary>
    public static List<string> Differences(IEnumerable<EslMessage> captured, IEnumerable<EslMessage> received, CaptureMask mask)
    {
        var expected = captured.Where(f => f.Event is not null).Select(f => f.Event!).ToList();
        var actual = received.Where(f => f.Event is not null).Select(f => f.Event!).ToList();
        var differences = new List<string>();
        foreach (var group in expected.GroupBy(e => Key(e, mask)))
        {
            var theirs = actual.Where(e => Key(e, mask) == group.Key).ToList();
            var ours = group.ToList();
            if (theirs.Count != ours.Count)
            {
                differences.Add($"{group.Key}: captured {ours.Count}, received {theirs.Count}");
            }

            for (int i = 0; i < Math.Min(ours.Count, theirs.Count); i++)
            {
                differences.AddRange(Compare(group.Key + (ours.Count > 1 ? $" #{i + 1}" : string.Empty), ours[i], theirs[i], mask));
            }
        }

        foreach (var extra in actual.GroupBy(e => Key(e, mask)).Where(g => !expected.Any(e => Key(e, mask) == g.Key)))
        {
            differences.Add($"{extra.Key}: captured 0, received {extra.Count()}");
        }

        return differences;
    }

    private static string Key(EslEvent ev, CaptureMask mask)
    {
        string key = string.Join(' ', new[] { ev.RawName, ev["Event-Subclass"], ev["Channel-Name"], ev["Channel-State"], ev["Answer-State"], ev["Hangup-Cause"], ev["Application"], ev["Playback-Status"], ev["Job-UUID"] }.Where(v => v is not null));
        return ev.RawName == "BACKGROUND_JOB" ? $"{key} {mask.Text(ev.BodyText).TrimEnd()}" : key;
    }

    private static IEnumerable<string> Compare(string what, EslEvent expected, EslEvent actual, CaptureMask mask)
    {
        var ours = expected.Headers.Select(h => (h.Key, Value: mask.Value(h.Key, h.Value))).ToList();
        var theirs = actual.Headers.Select(h => (h.Key, Value: mask.Value(h.Key, h.Value))).ToList();
        var theirNames = theirs.Select(h => h.Key).ToList();
        foreach (var (name, value) in ours)
        {
            int at = theirNames.IndexOf(name);
            if (at < 0)
            {
                yield return $"{what}: missing {name}: {value}";
            }
            else
            {
                if (theirs[at].Value != value)
                {
                    yield return $"{what}: {name}: captured '{value}', received '{theirs[at].Value}'";
                }

                theirNames[at] = "\0";
            }
        }

        foreach (string name in theirNames.Where(n => n != "\0"))
        {
            yield return $"{what}: extra {name}: {theirs.First(h => h.Key == name).Value}";
        }

        var ourOrder = ours.Select(h => h.Key).Where(n => theirs.Any(t => t.Key == n)).ToList();
        var theirOrder = theirs.Select(h => h.Key).Where(n => ours.Any(o => o.Key == n)).ToList();
        if (!ourOrder.SequenceEqual(theirOrder))
        {
            int first = ourOrder.Zip(theirOrder).TakeWhile(p => p.First == p.Second).Count();
            yield return $"{what}: header order differs from {ourOrder.ElementAtOrDefault(first)} (received {theirOrder.ElementAtOrDefault(first)})";
        }

        if (mask.Text(expected.BodyText) != mask.Text(actual.BodyText))
        {
            yield return $"{what}: body captured '{mask.Text(expected.BodyText)}', received '{mask.Text(actual.BodyText)}'";
        }
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"tag=[0-9A-Za-z]+")]
    private static partial Regex Tag();

    [GeneratedRegex(@"branch=z9hG4bK[0-9A-Za-z]+")]
    private static partial Regex Branch();

    [GeneratedRegex(@"o=(\S+) \d+ \d+ ")]
    private static partial Regex SdpOrigin();

    [GeneratedRegex(@"m=audio \d+ ")]
    private static partial Regex SdpMedia();

    [GeneratedRegex(@"(Uptime  \t|CallsIN \t|CallsOUT\t|FailedCallsIN\t|FailedCallsOUT\t|<uptime-usec>|<calls-in>|<calls-out>|<failed-calls-in>|<failed-calls-out>)\d+")]
    private static partial Regex Counters();

    // api status: uptime, session counts and peaks are the lab's history.
    [GeneratedRegex(@"\d+(?= (years|days|hours|minutes|seconds|milliseconds|microseconds|session\(s\) since))|(?<=peak |5min |idle cpu )[\d./]+")]
    private static partial Regex StatusNumbers();
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using EslKit.Protocol;
using EslKit.Tests.Support;

namespace EslKit.Tests.Protocol;

/// <summary>
/// Chosen decoded header values and bodies of the captures, checked byte for byte against the capture
/// bytes and against what the client sent (the .client.txt beside each capture).
/// </summary>
public sealed partial class FixtureContentTests
{
    private const string Goodbye = "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";

    public static TheoryData<string> Streams => new(Fixtures.EslStreams);

    [Theory]
    [MemberData(nameof(Streams))]
    public void Every_frame_matches_a_naive_reading_of_the_capture(string file)
    {
        byte[] data = Fixtures.Read(file);
        var naive = NaiveFrames(data);
        var parsed = FrameFeeder.ParseAll(data);

        Assert.Equal(naive.Count, parsed.Count);
        for (int i = 0; i < parsed.Count; i++)
        {
            Assert.Equal(naive[i].Offset, parsed[i].Offset);
            Assert.Equal(naive[i].Headers, parsed[i].HeaderBlock);
            Assert.Equal(naive[i].Body, parsed[i].BodyBytes);
        }
    }

    [Fact]
    public void Auth_ok_is_a_banner_then_accepted()
    {
        var messages = Messages("freeswitch/auth-ok.fs.bin");
        Assert.Equal(2, messages.Count);
        Assert.Equal(EslContentType.AuthRequest, messages[0].ContentType);
        Assert.Equal([new("Content-Type", "auth/request")], messages[0].Headers);
        Assert.Equal("+OK accepted", messages[1].ReplyText);
        Assert.Equal(EslReplyStatus.Ok, FrameReading.Select(Fixtures.Read("freeswitch/auth-ok.fs.bin"), f => f.ReplyStatus)[1]);
    }

    [Fact]
    public void Auth_fail_is_refused_then_the_67_byte_goodbye()
    {
        var messages = Messages("freeswitch/auth-fail.fs.bin");
        Assert.Equal("-ERR invalid", messages[1].ReplyText);
        Assert.Equal(EslReplyStatus.Error, FrameReading.Select(Fixtures.Read("freeswitch/auth-fail.fs.bin"), f => f.ReplyStatus)[1]);

        var notice = messages[2];
        Assert.Equal(EslContentType.DisconnectNotice, notice.ContentType);
        Assert.Equal(67, notice.Body.Length);
        Assert.Equal(Encoding.ASCII.GetBytes(Goodbye), notice.Body.ToArray());
        Assert.Equal("67", notice["Content-Length"]);
        Assert.Null(notice["Content-Disposition"]);
    }

    [Fact]
    public void Api_status_body_is_333_bytes_as_captured()
    {
        byte[] data = Fixtures.Read("freeswitch/api-status.fs.bin");
        var api = Messages("freeswitch/api-status.fs.bin").Single(m => m.ContentType == EslContentType.ApiResponse);

        Assert.Equal(333, api.Body.Length);
        Assert.Equal(RawAfter(data, "Content-Length: 333\n\n", 333), api.Body.ToArray());
        Assert.StartsWith("UP 0 years, 0 days, 0 hours, 2 minutes, 57 seconds", api.BodyText, StringComparison.Ordinal);
        Assert.Contains("FreeSWITCH (Version 1.11.3-dev  64bit) is ready\n", api.BodyText, StringComparison.Ordinal);
        Assert.EndsWith("Current Stack Size/Max 240K/8192K\n", api.BodyText, StringComparison.Ordinal);
        Assert.Equal(data.Length, api.Offset + "Content-Type: api/response\nContent-Length: 333\n\n".Length + 333);
    }

    [Fact]
    public void Api_with_an_empty_result_gets_freeswitchs_substitute_body()
    {
        var bodies = Messages("freeswitch/api-empty-body.fs.bin").Where(m => m.ContentType == EslContentType.ApiResponse).Select(m => m.BodyText);
        Assert.Equal(["-ERR no reply\n", "hello", "-ERR no reply\n"], bodies);
    }

    [Fact]
    public void Api_errors_come_back_as_bodies()
    {
        var api = Messages("freeswitch/api-error.fs.bin").Where(m => m.ContentType == EslContentType.ApiResponse).ToList();
        Assert.Equal(["-ERR nosuchcommand Command not found!\n", "-ERR No such channel!\n"], api.Select(m => m.BodyText));
        Assert.Equal(["38", "22"], api.Select(m => m["Content-Length"]));
    }

    [Fact]
    public void Api_large_bodies_are_whole_and_parse_as_what_they_are()
    {
        byte[] data = Fixtures.Read("freeswitch/api-large-body.fs.bin");
        var api = Messages("freeswitch/api-large-body.fs.bin").Where(m => m.ContentType == EslContentType.ApiResponse).ToList();
        Assert.Equal([13106, 21316, 35157, 457], api.Select(m => m.Body.Length));
        foreach (var message in api)
        {
            string marker = $"Content-Length: {message.Body.Length}\n\n";
            Assert.Equal(RawAfter(data, marker, message.Body.Length), message.Body.ToArray());
        }

        Assert.EndsWith("\n175 total.\n", api[0].BodyText, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(api[1].Body))
        {
            Assert.Equal(175, json.RootElement.GetProperty("row_count").GetInt32());
            Assert.Equal(175, json.RootElement.GetProperty("rows").GetArrayLength());
        }

        var result = XDocument.Parse(api[2].BodyText);
        Assert.Equal("result", result.Root!.Name.LocalName);
        Assert.Equal(175, result.Root.Elements("row").Count());
        var profiles = XDocument.Parse(api[3].BodyText);
        Assert.Equal("profiles", profiles.Root!.Name.LocalName);
        Assert.Contains(profiles.Root.Descendants("name"), n => n.Value == "external");
    }

    [Fact]
    public void Bgapi_fail_carries_the_client_job_uuid_and_the_error_body()
    {
        string client = Fixtures.ReadText("freeswitch/bgapi-fail.client.txt");
        string clientJob = ClientHeader(client, "Job-UUID");
        Assert.Equal("d3c4f1e2-1111-4222-8333-944455556666", clientJob);

        var messages = Messages("freeswitch/bgapi-fail.fs.bin");
        var replies = messages.Where(m => m["Job-UUID"] is not null && m.Event is null).ToList();
        var jobs = messages.Where(m => m.Event is { Name: EslEventName.BackgroundJob }).Select(m => m.Event!).ToList();
        Assert.Equal(2, replies.Count);
        Assert.Equal(2, jobs.Count);

        // The originate to an unknown gateway.
        Assert.Equal(replies[0]["Job-UUID"], jobs[0]["Job-UUID"]);
        Assert.Equal($"+OK Job-UUID: {replies[0]["Job-UUID"]}", replies[0].ReplyText);
        Assert.Equal("originate", jobs[0]["Job-Command"]);
        Assert.Equal(ClientArgument(client, "bgapi originate "), jobs[0]["Job-Command-Arg"]);
        Assert.Equal("sofia/gateway/nosuchgw/60123456789 &park", jobs[0]["Job-Command-Arg"]);
        Assert.Equal("-ERR INVALID_GATEWAY\n", jobs[0].BodyText);

        // bgapi status with the client's own Job-UUID: in the reply and in its BACKGROUND_JOB.
        Assert.Equal(clientJob, replies[1]["Job-UUID"]);
        Assert.Equal($"+OK Job-UUID: {clientJob}", replies[1].ReplyText);
        Assert.Equal(clientJob, jobs[1]["Job-UUID"]);
        Assert.Equal(Guid.Parse(clientJob), jobs[1].JobUuid);
        Assert.Equal("status", jobs[1]["Job-Command"]);
        Assert.Null(jobs[1]["Job-Command-Arg"]);
        Assert.StartsWith("UP 0 years", jobs[1].BodyText, StringComparison.Ordinal);

        // Each reply precedes its job event on the connection.
        Assert.True(messages.IndexOf(replies[0]) < messages.FindIndex(m => m.Event?.JobUuid == Guid.Parse(replies[0]["Job-UUID"]!)));
        Assert.True(messages.IndexOf(replies[1]) < messages.FindIndex(m => m.Event?.JobUuid == Guid.Parse(clientJob)));
    }

    [Fact]
    public void Per_call_auth_originate_arguments_come_back_byte_for_byte()
    {
        string client = Fixtures.ReadText("freeswitch/bgapi-originate-per-call-auth.client.txt");
        var sent = client.Split('\n').Where(l => l.StartsWith("bgapi originate ", StringComparison.Ordinal)).Select(l => l["bgapi originate ".Length..]).ToList();
        Assert.Equal(3, sent.Count);
        Assert.All(sent, s => Assert.Contains("sip_auth_password=p\\,a}s{s\\'w\"o\\srd=^^", s, StringComparison.Ordinal));

        var messages = Messages("freeswitch/bgapi-originate-per-call-auth.fs.bin");
        var replyJobs = messages.Where(m => m.Event is null && m["Job-UUID"] is not null).Select(m => m["Job-UUID"]).ToList();
        var jobs = messages.Where(m => m.Event is { Name: EslEventName.BackgroundJob }).Select(m => m.Event!).ToList();
        Assert.Equal(3, jobs.Count);
        Assert.Equal(replyJobs, jobs.Select(j => j["Job-UUID"]));

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Encoding.UTF8.GetBytes(sent[i]), Encoding.UTF8.GetBytes(jobs[i]["Job-Command-Arg"]!));
            Assert.Equal("originate", jobs[i]["Job-Command"]);
        }

        Assert.Matches(OkUuidLine(), jobs[0].BodyText);
        Assert.Equal("-ERR CALL_REJECTED\n", jobs[1].BodyText);
        Assert.Equal("-ERR CHAN_NOT_IMPLEMENTED\n", jobs[2].BodyText);
    }

    [Fact]
    public void Custom_event_body_reads_the_same_in_plain_and_json()
    {
        string client = Fixtures.ReadText("freeswitch/events-plain-body.client.txt");
        byte[] sentBody = Encoding.UTF8.GetBytes(client[(client.IndexOf("content-length: 41\n\n", StringComparison.Ordinal) + "content-length: 41\n\n".Length)..]);
        Assert.Equal(41, sentBody.Length);
        Assert.Equal("first line\nsecond: line with % and café\n", Encoding.UTF8.GetString(sentBody));

        var plain = Messages("freeswitch/events-plain-body.fs.bin").Select(m => m.Event).Single(e => e is { Name: EslEventName.Custom })!;
        var json = Messages("freeswitch/events-json-body.fs.bin").Select(m => m.Event).Single(e => e is { Name: EslEventName.Custom })!;
        foreach (var custom in new[] { plain, json })
        {
            Assert.Equal("lab::body", custom.Subclass);
            Assert.Equal("a b%c", custom["Lab-Header"]);
            Assert.Equal(sentBody, custom.Body.ToArray());
            Assert.Equal("41", custom["Content-Length"]); // the client's lower-case header comes first and agrees
            Assert.Equal(2, custom.Headers.Count(h => string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)));
        }

        Assert.Equal(EslEventFormat.Plain, plain.Format);
        Assert.Equal(EslEventFormat.Json, json.Format);

        // The BACKGROUND_JOB of an unknown command carries the same body in both formats.
        foreach (string file in new[] { "freeswitch/events-plain-body.fs.bin", "freeswitch/events-json-body.fs.bin" })
        {
            var jobs = Messages(file).Select(m => m.Event).Where(e => e is { Name: EslEventName.BackgroundJob }).ToList();
            Assert.Equal(["status", "nosuchcommand"], jobs.Select(j => j!["Job-Command"]));
            Assert.Equal("-ERR nosuchcommand Command not found!\n", jobs[1]!.BodyText);
        }
    }

    [Theory]
    [InlineData("freeswitch/url-encoding-plain", EslEventFormat.Plain)]
    [InlineData("freeswitch/url-encoding-json", EslEventFormat.Json)]
    public void Encoded_values_equal_what_the_client_sent(string scenario, EslEventFormat format)
    {
        string client = Fixtures.ReadText(scenario + ".client.txt");
        string setvar = Regex.Match(client, "api uuid_setvar [0-9a-f-]{36} lab_var (.*)\n").Groups[1].Value;
        string lab2 = ClientArgument(client, "execute-app-arg: lab_var2=");
        string labText = ClientHeader(client, "Lab-Text");
        Assert.Equal("café ☎ 100% a+b=c&d 'q' \"dq\"", lab2);
        Assert.Equal(lab2, setvar);
        Assert.Equal("naïve ümläut ☃ 50% off & more=yes", labText);

        var messages = Messages(scenario + ".fs.bin");
        var events = messages.Select(m => m.Event).OfType<EslEvent>().ToList();
        Assert.All(events, e => Assert.Equal(format, e.Format));
        var executed = events.Single(e => e.Name == EslEventName.ChannelExecuteComplete);
        var custom = events.Single(e => e.Name == EslEventName.Custom);

        // set via sendmsg keeps the value exactly; uuid_setvar's argument parser drops the single quotes (so
        // does uuid_getvar's answer, captured in the same stream).
        Assert.Equal(lab2, executed["variable_lab_var2"]);
        Assert.Equal(setvar.Replace("'", string.Empty, StringComparison.Ordinal), executed["variable_lab_var"]);
        Assert.Equal(executed["variable_lab_var"], messages.Where(m => m.ContentType == EslContentType.ApiResponse).ElementAt(1).BodyText);
        Assert.Equal("lab::encoding", custom.Subclass);
        Assert.Equal(labText, custom["Lab-Text"]);
        Assert.Equal(Encoding.UTF8.GetBytes(labText), Encoding.UTF8.GetBytes(custom["Lab-Text"]!));
    }

    [Theory]
    [InlineData("freeswitch/events-plain-all.fs.bin", EslEventFormat.Plain, 1)]
    [InlineData("freeswitch/events-json-all.fs.bin", EslEventFormat.Json, 0)]
    public void Event_all_captures_carry_the_dtmf_sequence(string file, EslEventFormat format, int heartbeats)
    {
        var events = Messages(file).Select(m => m.Event).OfType<EslEvent>().ToList();
        Assert.All(events, e => Assert.Equal(format, e.Format));

        var dtmf = events.Where(e => e.Name == EslEventName.Dtmf).ToList();
        Assert.Equal(["1", "2", "3", "4"], dtmf.Select(e => e["DTMF-Digit"]));
        Assert.All(dtmf, e => Assert.Equal("RTP", e["DTMF-Source"]));
        Assert.Single(dtmf.Select(e => e.UniqueId).Distinct());

        Assert.Equal(heartbeats, events.Count(e => e.Name == EslEventName.Heartbeat));
        if (heartbeats == 1)
        {
            var heartbeat = events.Single(e => e.Name == EslEventName.Heartbeat);
            Assert.Equal("System Ready", heartbeat["Event-Info"]);
            Assert.True(long.TryParse(heartbeat["Session-Count"], NumberStyles.None, CultureInfo.InvariantCulture, out _));
        }

        Assert.Equal(2, events.Count(e => e.Name == EslEventName.ChannelCreate));
        Assert.Equal(2, events.Count(e => e.Name == EslEventName.ChannelHangupComplete));
        Assert.DoesNotContain(events, e => e.Name == EslEventName.Unknown);
    }

    [Fact]
    public void Outbound_async_full_session_reads_as_captured()
    {
        const string Channel = "0346bc88-7af5-4981-a1d4-eb94b89fa0b0";
        byte[] data = Fixtures.Read("freeswitch/outbound-async-full.fs.bin");
        string client = Fixtures.ReadText("freeswitch/outbound-async-full.client.txt");
        var messages = Messages("freeswitch/outbound-async-full.fs.bin");

        var connect = messages[0];
        Assert.True(FrameReading.First(data, f => f.IsChannelData));
        Assert.Equal("+OK\n", connect.ReplyText);
        Assert.Equal("async", connect["Socket-Mode"]);
        Assert.Equal("full", connect["Control"]);
        Assert.Equal(Channel, connect["Unique-ID"]);
        Assert.Equal("7000", connect["Channel-Destination-Number"]);
        Assert.Equal("CHANNEL_DATA", connect["Event-Name"]);
        Assert.Equal(["Content-Type", "Reply-Text", "Socket-Mode", "Control"], connect.Headers.TakeLast(4).Select(h => h.Key));

        var replies = messages.Skip(1).Where(m => m.ContentType == EslContentType.CommandReply).Select(m => m.ReplyText);
        Assert.Equal(["+OK Events Enabled", "+OK will linger", "+OK", "+OK", "+OK"], replies);

        var events = messages.Select(m => m.Event).OfType<EslEvent>().ToList();
        Assert.All(events, e => Assert.Equal(Guid.Parse(Channel), e.UniqueId));
        var played = events.Single(e => e.Name == EslEventName.ChannelExecuteComplete && e["Application"] == "playback");
        Assert.Equal("FILE PLAYED", played["Application-Response"]);
        Assert.Equal(ClientArgument(client, "execute-app-arg: "), played["Application-Data"]);

        var notice = messages[^1];
        Assert.Equal(EslContentType.DisconnectNotice, notice.ContentType);
        Assert.Equal("linger", notice["Content-Disposition"]);
        Assert.Equal("-1", notice["Linger-Time"]);
        Assert.Equal(Channel, notice["Controlled-Session-UUID"]);
        Assert.True(notice.Body.IsEmpty);
        var (disposition, lingerTime) = FrameReading.Select(data, f => (f.DisconnectDisposition, f.LingerTime))[^1];
        Assert.Equal(EslDisconnectDisposition.Linger, disposition);
        Assert.Equal(-1, lingerTime);
    }

    [Fact]
    public void Log_data_frames_keep_their_headers_and_exact_bodies()
    {
        byte[] data = Fixtures.Read("freeswitch/log-data.fs.bin");
        var logs = Messages("freeswitch/log-data.fs.bin").Where(m => m.ContentType == EslContentType.LogData).ToList();
        Assert.Equal(165, logs.Count);

        var first = logs[0];
        Assert.Equal("6", first["Log-Level"]);
        Assert.Equal("0", first["Text-Channel"]);
        Assert.Equal("switch_time.c", first["Log-File"]);
        Assert.Equal("switch_load_timezones", first["Log-Func"]);
        Assert.Equal("1437", first["Log-Line"]);
        Assert.Equal(string.Empty, first["User-Data"]); // "User-Data: " is present and empty
        Assert.EndsWith("[INFO] switch_time.c:1437 Timezone reloaded 0 definitions\n", first.BodyText, StringComparison.Ordinal);

        Assert.All(logs, l => Assert.InRange(int.Parse(l["Log-Level"]!, CultureInfo.InvariantCulture), 0, 7));
        Assert.All(logs, l => Assert.Equal(l.Body.Length.ToString(CultureInfo.InvariantCulture), l["Content-Length"]));
        Assert.Contains(logs, l => l["User-Data"] == "843b6218-4642-4772-a945-dc3aaa65523b");

        // SDP in log bodies keeps its CRLF line ends byte for byte.
        var sdp = logs.Where(l => l.BodyText.Contains("v=0\r\n", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(sdp);
        foreach (var log in sdp)
        {
            Assert.Equal(RawAfter(data, $"User-Data: {log["User-Data"]}\n\n", log.Body.Length, log.Offset), log.Body.ToArray());
            Assert.Contains("a=rtpmap:0 PCMU/8000\r\n", log.BodyText, StringComparison.Ordinal);
        }

        Assert.Equal(data.Count(b => b == (byte)'\r'), sdp.Sum(l => l.Body.ToArray().Count(b => b == (byte)'\r')));
    }

    [Fact]
    public void Older_freeswitch_session_connects_lingers_and_disconnects()
    {
        const string Channel = "78b86350-4fb8-4d2b-a629-1eeafd7d2f74";
        var messages = Messages("older-freeswitch/session-1.fs.bin");

        var connect = messages[0];
        Assert.Equal(EslContentType.CommandReply, connect.ContentType);
        Assert.Equal("+OK\n", connect.ReplyText);
        Assert.Equal("async", connect["Socket-Mode"]);
        Assert.Equal("full", connect["Control"]);
        Assert.Equal(Channel, connect["Unique-ID"]);
        Assert.Equal("2001:0:5ef5:79fd:1c45:341e:53ef:cd79", connect["FreeSWITCH-IPv6"]);

        var notices = messages.Where(m => m.ContentType == EslContentType.DisconnectNotice).ToList();
        Assert.Equal(2, notices.Count);
        Assert.Equal("linger", notices[0]["Content-Disposition"]);
        Assert.Equal("-1", notices[0]["Linger-Time"]);
        Assert.Equal(Channel, notices[0]["Controlled-Session-UUID"]);
        Assert.Equal("sofia/internal/1001@172.16.50.134", notices[0]["Channel-Name"]);
        Assert.True(notices[0].Body.IsEmpty);

        Assert.Equal("+OK bye", messages[^2].ReplyText);
        Assert.Same(notices[1], messages[^1]);
        Assert.Equal("disconnect", notices[1]["Content-Disposition"]);
        Assert.Equal(Channel, notices[1]["Controlled-Session-UUID"]);
        Assert.Equal(Goodbye, notices[1].BodyText);

        // Events keep flowing between the linger notice and the goodbye.
        int linger = messages.IndexOf(notices[0]);
        Assert.Contains(messages.Skip(linger + 1), m => m.Event is not null);
    }

    [GeneratedRegex(@"\A\+OK [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n\z")]
    private static partial Regex OkUuidLine();

    private static List<EslMessage> Messages(string file) => FrameReading.Select(Fixtures.Read(file), f => f.ToMessage());

    /// <summary>The bytes following the first occurrence of <paramref name="marker"/> (at or after <paramref name="from"/>) in the capture.</summary>
    private static byte[] RawAfter(byte[] data, string marker, int length, long from = 0)
    {
        int at = data.AsSpan((int)from).IndexOf(Encoding.UTF8.GetBytes(marker));
        Assert.True(at >= 0, $"marker not found: {marker}");
        int start = (int)from + at + Encoding.UTF8.GetByteCount(marker);
        return data[start..(start + length)];
    }

    // The rest of the first client line starting with prefix.
    private static string ClientArgument(string client, string prefix) =>
        client.Split('\n').First(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];

    private static string ClientHeader(string client, string name) => ClientArgument(client, name + ": ");

    /// <summary>
    /// The captures split the simplest possible way (they use LF only): a header block runs to the first
    /// "\n\n", and a "Content-Length: n" line in it means n body bytes follow.
    /// </summary>
    private static List<(long Offset, string Headers, byte[] Body)> NaiveFrames(byte[] data)
    {
        var frames = new List<(long, string, byte[])>();
        int p = 0;
        while (p < data.Length)
        {
            int end = data.AsSpan(p).IndexOf("\n\n"u8);
            Assert.True(end >= 0, $"no header end after {p}");
            string headers = Encoding.Latin1.GetString(data, p, end + 1);
            var length = Regex.Match(headers, "^Content-Length: ([0-9]+)$", RegexOptions.Multiline | RegexOptions.IgnoreCase);
            int bodyLength = length.Success ? int.Parse(length.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            frames.Add((p, headers, data[(p + end + 2)..(p + end + 2 + bodyLength)]));
            p += end + 2 + bodyLength;
        }

        return frames;
    }
}

using System.Text;
using EslKit.Commands;
using EslKit.Protocol;
using EslKit.Tests.Support;

namespace EslKit.Tests.Commands;

/// <summary>
/// Every packet a real client sent in the FreeSWITCH captures (and FreeSWITCH accepted), rebuilt with
/// <see cref="EslCommands"/> and compared byte for byte. The few packets EslKit cannot or will not send
/// as captured are listed with the reason and checked separately.
/// </summary>
public sealed class FixtureCommandTests
{
    private static readonly Guid AudioCall = Guid.Parse("b993212d-5d1f-435b-bf58-5bac7a4d556b");
    private static readonly Guid ServerCloseCall = Guid.Parse("6e3bda81-9e69-491d-8ae8-14d02b0c0fb8");
    private static readonly Guid SendMsgCall = Guid.Parse("aba4baa0-402e-4e0a-a50b-86f7655e90df");
    private static readonly Guid SendMsgCall2 = Guid.Parse("1672695e-9868-4725-92b5-197b58ecc0b6");
    private static readonly Guid EncodingJsonCall = Guid.Parse("85b36bf8-f7c6-4c57-9633-9f9deb0be5c7");
    private static readonly Guid EncodingPlainCall = Guid.Parse("4d23ae32-73e3-49c4-92d0-cbbebfb8e7c2");
    private static readonly Guid JobUuid = Guid.Parse("d3c4f1e2-1111-4222-8333-944455556666");

    private const string EncodingValue = "café ☎ 100% a+b=c&d 'q' \"dq\"";
    private const string Body41 = "first line\nsecond: line with % and café\n";

    public static TheoryData<string> Fixtures => new(Captures.Keys.Order(StringComparer.Ordinal));

    // One entry per packet of the capture, in order: the command that must produce it, or a Step saying
    // why the capture's packet is not what EslKit sends.
    private static Dictionary<string, Func<object[]>> Captures => new()
    {
        ["api-empty-body"] = () => [Auth, EslCommands.Api("echo"), EslCommands.Api("echo", "hello"), EslCommands.Api("eval", "${nonexistent_var_xyz}")],
        ["api-error"] = () => [Auth, EslCommands.Api("nosuchcommand"), EslCommands.Api(EslApi.UuidKill(Guid.Empty))],
        ["api-large-body"] = () => [Auth, EslCommands.Api("show", "api"), EslCommands.Api("show", "api as json"), EslCommands.Api("show", "api as xml"), EslCommands.Api("sofia", "xmlstatus")],
        ["api-show-channels-json"] = () => [Auth, EslCommands.Api("show", "channels as json"), EslCommands.Api("show", "calls as json")],
        ["api-status"] = () => [Auth, EslCommands.Api("status")],
        ["audio-stream-events"] = () =>
        [
            Auth,
            EslCommands.Event(EslEventFormat.Plain, [EslEventName.Custom], ["mod_audio_stream::connect", "mod_audio_stream::disconnect", "mod_audio_stream::error", "mod_audio_stream::json"]),
            EslCommands.Api(EslApi.AudioStreamStart(AudioCall, "ws://127.0.0.1:8090/stream", EslAudioMix.Mono, EslAudioRate.Rate16k, "{\"callId\":\"x\"}")),
            EslCommands.Api(EslApi.AudioStreamSendText(AudioCall, "{\"lab\":\"send_text\"}")),
            EslCommands.Api(EslApi.AudioStreamStop(AudioCall, "{\"bye\":true}")),
            EslCommands.Api(EslApi.AudioStreamStart(AudioCall, "ws://127.0.0.1:8091/stream", EslAudioMix.Mono, EslAudioRate.Rate16k, "{\"callId\":\"down\"}")),
            EslCommands.Api(EslApi.AudioStreamStop(AudioCall)),
            EslCommands.Api(EslApi.AudioStreamStop(Guid.Empty)),
        ],
        ["audio-stream-serverclose-events"] = () =>
        [
            Auth,
            EslCommands.Event(EslEventFormat.Plain, [], ["mod_audio_stream::connect", "mod_audio_stream::disconnect", "mod_audio_stream::error", "mod_audio_stream::json"]),
            EslCommands.Api(EslApi.AudioStreamStart(ServerCloseCall, "ws://127.0.0.1:8090/stream", metadata: "{\"callId\":\"sc-1\"}")),
            EslCommands.Api(EslApi.AudioStreamStop(ServerCloseCall)),
        ],
        ["auth-fail"] = () => [EslCommands.Auth("WrongPassword")],
        ["auth-ok"] = () => [Auth],
        ["bgapi-fail"] = () =>
        [
            Auth,
            EslCommands.Event(EslEventFormat.Plain, EslEventName.BackgroundJob),
            new AddsJobUuid(EslCommands.BgApi(Originate(EslEndpoint.Gateway("nosuchgw", "60123456789")), Guid.NewGuid())),
            EslCommands.BgApi("status", null, JobUuid),
        ],
        ["bgapi-originate"] = () =>
        [
            Auth,
            EslCommands.Event(EslEventFormat.Plain, EslEventName.BackgroundJob, EslEventName.ChannelCreate, EslEventName.ChannelAnswer, EslEventName.ChannelHangup, EslEventName.ChannelHangupComplete),
            new AddsJobUuid(EslCommands.BgApi(Originate(EslEndpoint.Gateway("trunk", "60123456789")), Guid.NewGuid())),
        ],
        ["bgapi-originate-per-call-auth"] = () =>
        [
            Auth,
            EslCommands.Event(EslEventFormat.Plain, EslEventName.BackgroundJob),
            new AddsJobUuid(EslCommands.BgApi(PerCallAuth("601548732123", PerCallPassword), Guid.NewGuid())),
            new NotSent("a ':' in the password: FreeSWITCH answered CALL_REJECTED; the builder refuses it (PerCallAuthForms test)"),
            new NotSent("the password in {…}: FreeSWITCH answered CHAN_NOT_IMPLEMENTED; the builder never writes it there (PerCallAuthForms test)"),
        ],
        ["events-custom-sofia-gateway"] = () => [Auth, EslCommands.Event(EslEventFormat.Plain, [], ["sofia::register", "sofia::unregister", "sofia::gateway_state"])],
        ["events-json-all"] = () => [Auth, EslCommands.Event(EslEventFormat.Json, EslEventName.All)],
        ["events-json-body"] = () =>
        [
            Auth,
            EslCommands.Event(EslEventFormat.Json, [EslEventName.BackgroundJob], ["lab::body"]),
            new AddsJobUuid(EslCommands.BgApi("status", null, Guid.NewGuid())),
            new AddsJobUuid(EslCommands.BgApi("nosuchcommand", null, Guid.NewGuid())),
            EslCommands.SendCustomEvent("lab::body", [new("Lab-Header", "a b%c"), new("content-type", "text/plain")], Body41),
        ],
        ["events-plain-all"] = () => [Auth, EslCommands.Event(EslEventFormat.Plain, EslEventName.All)],
        ["events-plain-body"] = () =>
        [
            Auth,
            EslCommands.Event(EslEventFormat.Plain, [EslEventName.Custom, EslEventName.BackgroundJob], ["lab::body"]),
            new AddsJobUuid(EslCommands.BgApi("status", null, Guid.NewGuid())),
            new AddsJobUuid(EslCommands.BgApi("nosuchcommand", null, Guid.NewGuid())),
            EslCommands.SendCustomEvent("lab::body", [new("Lab-Header", "a b%c"), new("content-type", "text/plain")], Body41),
        ],
        ["exit"] = () => [Auth, EslCommands.Exit()],
        ["filter"] = () =>
        [
            Auth,
            EslCommands.Event(EslEventFormat.Plain, EslEventName.All),
            EslCommands.FilterAdd("Event-Name", "CHANNEL_CREATE"),
            EslCommands.FilterAdd("Event-Name", "CHANNEL_HANGUP_COMPLETE"),
            EslCommands.FilterDelete("Event-Name", "CHANNEL_CREATE"),
            EslCommands.FilterDelete("Event-Name"),
            EslCommands.FilterDeleteAll(),
            new NotSent("a bare 'filter' (-ERR command not found): FilterAdd refuses an empty header"),
        ],
        ["linger-inbound"] = () => [Auth, EslCommands.Linger(), EslCommands.NoLinger(), EslCommands.Linger(10), EslCommands.Exit()],
        ["log-data"] = () => [Auth, EslCommands.Log(EslLogLevel.Debug), EslCommands.NoLog()],
        ["nixevent-noevents"] = () =>
        [
            Auth,
            EslCommands.Event(EslEventFormat.Plain, EslEventName.ChannelCreate, EslEventName.ChannelAnswer, EslEventName.ChannelHangupComplete),
            EslCommands.NixEvent(EslEventName.ChannelAnswer),
            EslCommands.NoEvents(),
            EslCommands.DivertEvents(true),
            EslCommands.DivertEvents(false),
            EslCommands.NixEvent(EslEventName.All),
        ],
        ["outbound-async-full"] = () =>
        [
            EslCommands.Connect(),
            EslCommands.MyEvents(),
            EslCommands.Linger(),
            EslCommands.SendMsgExecute(null, "answer"),
            EslCommands.SendMsgExecute(null, "playback", "tone_stream://%(500,0,440)", new EslExecuteOptions { EventLock = true }),
            EslCommands.SendMsgHangup(null),
        ],
        ["sendevent"] = () =>
        [
            Auth,
            EslCommands.Event(EslEventFormat.Plain, [], ["lab::test"]),
            EslCommands.SendCustomEvent("lab::test", [new("Lab-Header", "hello world"), new("Lab-Num", "42")]),
            EslCommands.SendCustomEvent("lab::test", [new("Lab-Header", "with body"), new("content-type", "text/plain")], "line one\nline two\n"),
            EslCommands.SendEvent(
                EslEventName.Notify,
                [new("profile", "external"), new("content-type", "application/simple-message-summary"), new("event-string", "check-sync"), new("user", "646006395"), new("host", "127.0.0.1")],
                "OK"),
        ],
        ["sendmsg-inbound"] = () =>
        [
            Auth,
            EslCommands.Event(EslEventFormat.Plain, EslEventName.ChannelExecute, EslEventName.ChannelExecuteComplete, EslEventName.ChannelHangup, EslEventName.ChannelHangupComplete),
            EslCommands.FilterAdd("Unique-ID", SendMsgCall.ToString()),
            EslCommands.SendMsgExecute(SendMsgCall, "playback", "tone_stream://%(100,0,440)"),
            EslCommands.SendMsgExecute(SendMsgCall, new EslApplication("playback", "tone_stream://%(200,0,350)"), new EslExecuteOptions { EventLock = true, EventUuid = Guid.Parse("9a8b7c6d-0000-4000-8000-123456789abc") }),
            EslCommands.SendMsgHangup(Guid.Empty),
            EslCommands.SendMsgHangup(SendMsgCall, "NORMAL_CLEARING"),
            EslCommands.FilterAdd("Unique-ID", SendMsgCall2.ToString()),
            EslCommands.SendMsgExecute(SendMsgCall2, "nosuchapp", "x"),
            EslCommands.SendMsgHangup(SendMsgCall2),
        ],
        ["url-encoding-json"] = () => UrlEncoding(EslEventFormat.Json, EncodingJsonCall),
        ["url-encoding-plain"] = () => UrlEncoding(EslEventFormat.Plain, EncodingPlainCall),
    };

    private const string PerCallPassword = "p,a}s{s'w\"o rd=^^x";

    private static EslAuthCommand Auth => EslCommands.Auth("LabSecret!42");

    [Fact]
    public void Every_client_capture_is_covered()
    {
        var captured = Directory.GetFiles(Path.Combine(Support.Fixtures.Directory, "freeswitch"), "*.client.txt")
            .Select(p => Path.GetFileName(p)[..^".client.txt".Length])
            .Order(StringComparer.Ordinal);
        Assert.Equal(captured, Captures.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Commands_reproduce_the_capture_byte_for_byte(string fixture)
    {
        var packets = ClientPackets.Read(fixture);
        var steps = Captures[fixture]();
        Assert.Equal(packets.Count, steps.Length);
        for (int i = 0; i < packets.Count; i++)
        {
            string expected = Encoding.UTF8.GetString(packets[i]);
            switch (steps[i])
            {
                case AddsJobUuid bgapi:
                    // The capture let FreeSWITCH choose the Job-UUID; EslKit always sends its own.
                    string ours = Wire.Text(bgapi.Command);
                    Assert.Equal(expected[..^1] + $"Job-UUID: {bgapi.Command.JobUuid:D}\n\n", ours);
                    break;
                case NotSent notSent:
                    Assert.False(string.IsNullOrEmpty(notSent.Why));
                    break;
                case IEslCommand command:
                    Assert.Equal(expected, Encoding.UTF8.GetString(WriteBoxed(command)));
                    Assert.Equal(packets[i], WriteBoxed(command));
                    break;
                default:
                    Assert.Fail($"step {i} of {fixture} is not a command");
                    break;
            }
        }
    }

    [Fact]
    public void Per_call_auth_forms_from_the_capture()
    {
        var packets = ClientPackets.Read("bgapi-originate-per-call-auth").Select(p => Encoding.UTF8.GetString(p)).ToArray();

        // Accepted by FreeSWITCH and answered: the builder writes exactly this line.
        var accepted = PerCallAuth("601548732123", PerCallPassword);
        Assert.Equal(packets[2], $"bgapi originate {Wire.Argument(accepted)}\n\n");
        Assert.Equal(
            "<sip_auth_username=601548732123,sip_auth_password=p\\,a}s{s\\'w\"o\\srd=^^x>sofia/external/60123456789@127.0.0.1:5090 &park",
            Wire.Argument(accepted));

        // CALL_REJECTED: sofia-sip cut the password at ':'. Refused before anything is sent.
        var colon = Wire.Refused(() => PerCallAuth("601548732121", "p,a}s{s'w\"o rd=^^:x"), secret: "p,a}s{s'w\"o rd=^^:x");
        Assert.Equal(EslRejectionReason.ColonInSipCredential, colon.Reason);
        Assert.Equal("sip_auth_password", colon.Field);
        Assert.Contains("sip_auth_password", colon.Message, StringComparison.Ordinal);

        // CHAN_NOT_IMPLEMENTED: '}' closed the {…} block early. Whatever else is set, this password never goes in {…}.
        Assert.StartsWith("bgapi originate {", packets[4], StringComparison.Ordinal);
        var withMore = EslOriginate.CreateBuilder()
            .Variable("campaign", "c1")
            .SipCredentials("601548732123", PerCallPassword)
            .Leg(EslEndpoint.Sofia("external", "60123456789", "127.0.0.1:5090"))
            .Application("park")
            .Build();
        Assert.Equal(EslVariableBlock.Enterprise, withMore.GetBlock("sip_auth_password", 0));
        Assert.StartsWith(
            "<campaign=c1,sip_auth_username=601548732123,sip_auth_password=p\\,a}s{s\\'w\"o\\srd=^^x>sofia/",
            Wire.Argument(withMore),
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_url_encoding_value_the_capture_sent_raw_lost_its_quotes_and_the_builder_keeps_them()
    {
        // The capture sent 'q' unescaped and FreeSWITCH's uuid_getvar answered "… q …" (see its .fs.bin).
        string raw = Encoding.UTF8.GetString(ClientPackets.Read("url-encoding-plain")[4]);
        var (command, argument) = FreeSwitchModel.ApiCall(raw.TrimEnd('\n'));
        Assert.Equal("uuid_setvar", command);
        Assert.Equal("café ☎ 100% a+b=c&d q \"dq\"", FreeSwitchModel.Separate(argument!, ' ', 3)[2]);
        Assert.Contains("café ☎ 100% a+b=c&d q \"dq\"", Encoding.UTF8.GetString(Support.Fixtures.Read("freeswitch/url-encoding-plain.fs.bin")), StringComparison.Ordinal);

        // The builder escapes the quotes, and the same parsing gives the value back exactly.
        string built = Wire.Text(EslCommands.Api(EslApi.UuidSetVar(EncodingPlainCall, "lab_var", EncodingValue)));
        Assert.Equal($"api uuid_setvar {EncodingPlainCall:D} lab_var café ☎ 100% a+b=c&d \\'q\\' \"dq\"\n\n", built);
        var (_, builtArgument) = FreeSwitchModel.ApiCall(built.TrimEnd('\n'));
        Assert.Equal(EncodingValue, FreeSwitchModel.Separate(builtArgument!, ' ', 3)[2]);
    }

    private static object[] UrlEncoding(EslEventFormat format, Guid call) =>
    [
        Auth,
        EslCommands.Event(format, [EslEventName.ChannelExecuteComplete], ["lab::encoding"]),
        EslCommands.FilterAdd("Unique-ID", call.ToString()),
        EslCommands.FilterAdd("Event-Subclass", "lab::encoding"),
        EslCommands.Api("uuid_setvar", $"{call:D} lab_var {EncodingValue}"),
        EslCommands.Api(EslApi.UuidGetVar(call, "lab_var")),
        EslCommands.SendMsgExecute(call, "set", $"lab_var2={EncodingValue}"),
        EslCommands.Api("uuid_dump", call.ToString()),
        EslCommands.Api("uuid_dump", $"{call:D} json"),
        EslCommands.SendCustomEvent("lab::encoding", [new("Lab-Text", "naïve ümläut ☃ 50% off & more=yes")]),
    ];

    private static EslOriginate Originate(EslEndpoint endpoint) =>
        EslOriginate.CreateBuilder().Leg(endpoint).Application("park").Build();

    private static EslOriginate PerCallAuth(string username, string password) =>
        EslOriginate.CreateBuilder()
            .SipCredentials(username, password)
            .Leg(EslEndpoint.Sofia("external", "60123456789", "127.0.0.1:5090"))
            .Application(EslApplication.Park())
            .Build();

    private static byte[] WriteBoxed(IEslCommand command)
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        command.WriteTo(writer);
        return writer.WrittenSpan.ToArray();
    }

    private sealed record AddsJobUuid(EslBgApiCommand Command);

    private sealed record NotSent(string Why);
}

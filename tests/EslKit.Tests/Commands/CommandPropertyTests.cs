using System.Collections.Immutable;
using System.Text;
using EslKit.Commands;
using EslKit.Protocol;
using FsCheck.Fluent;
using static EslKit.Tests.Commands.OriginatePropertyTests;

namespace EslKit.Tests.Commands;

/// <summary>
/// Properties of every other command: read back with the model of read_packet and of each API's argument
/// split, an accepted value arrives exactly in its slot, and no value adds a header line, a packet, an
/// argument or a command; a refused one is refused with a typed, value-free error.
/// </summary>
public sealed class CommandPropertyTests
{
    private static readonly Guid Call = Guid.Parse("b993212d-5d1f-435b-bf58-5bac7a4d556b");
    private static readonly string CallText = Call.ToString("D");

    [Fact]
    public void Audio_stream_metadata_is_the_exact_sixth_argument()
    {
        var tally = new Tally();
        Holds(HostileText.Value, metadata =>
        {
            bool carriable = metadata.Length == 0
                || (!HostileText.UnescapeBreaks(metadata) && !HostileText.TrimmedEnds(metadata) && !HostileText.Hijacks(metadata));
            var call = TryCreate(() => EslApi.AudioStreamStart(Call, "ws://127.0.0.1:8090/stream", EslAudioMix.Mono, EslAudioRate.Rate16k, metadata), out var refusal);
            tally.Count(call is not null);
            Assert.Equal(carriable, call is not null);
            if (call is null)
            {
                AssertSafeRefusal(refusal!, "metadata");
                return;
            }

            var argv = FreeSwitchModel.Separate(ApiArgument(EslCommands.Api(call.Value), "uuid_audio_stream"), ' ', 6);
            string[] expected = [CallText, "start", "ws://127.0.0.1:8090/stream", "mono", "16k", .. metadata.Length == 0 ? Array.Empty<string>() : [metadata]];
            Assert.Equal(expected, argv);
        });
        tally.AssertBothExercised();
    }

    [Fact]
    public void Audio_stream_text_is_one_exact_argument()
    {
        var tally = new Tally();
        Holds(Gen.Zip(HostileText.Value, Gen.Elements("send_text", "stop")), input =>
        {
            var (text, verb) = input;
            bool carriable = (text.Length == 0 && verb == "stop")
                || (text.Length > 0 && !HostileText.UnescapeBreaks(text) && !HostileText.Hijacks(text));
            var call = TryCreate(() => verb == "stop" ? EslApi.AudioStreamStop(Call, text) : EslApi.AudioStreamSendText(Call, text), out var refusal);
            tally.Count(call is not null);
            Assert.Equal(carriable, call is not null);
            if (call is null)
            {
                AssertSafeRefusal(refusal!, "text");
                return;
            }

            var argv = FreeSwitchModel.Separate(ApiArgument(EslCommands.BgApi(call.Value, Call), "uuid_audio_stream"), ' ', 6);
            Assert.Equal([CallText, verb, .. text.Length == 0 ? Array.Empty<string>() : [text]], argv);
        });
        tally.AssertBothExercised();
    }

    [Fact]
    public void Uuid_setvar_sets_exactly_the_value_and_uuid_broadcast_plays_exactly_the_path()
    {
        var tally = new Tally();
        Holds(HostileText.Value, value =>
        {
            bool setvarCarriable = value.Length > 0 && !HostileText.UnescapeBreaks(value) && !HostileText.TrimmedEnds(value) && !HostileText.Hijacks(value);
            var setvar = TryCreate(() => EslApi.UuidSetVar(Call, "lab_var", value), out var refusal);
            tally.Count(setvar is not null);
            Assert.Equal(setvarCarriable, setvar is not null);
            if (setvar is null)
            {
                AssertSafeRefusal(refusal!, "lab_var");
            }
            else
            {
                Assert.Equal([CallText, "lab_var", value], FreeSwitchModel.Separate(ApiArgument(EslCommands.Api(setvar.Value), "uuid_setvar"), ' ', 3));
            }

            bool pathCarriable = value.Length > 0 && !HostileText.UnescapeBreaks(value) && !HostileText.Hijacks(value);
            var broadcast = TryCreate(() => EslApi.UuidBroadcast(Call, value, EslBroadcastLeg.BLeg), out refusal);
            Assert.Equal(pathCarriable, broadcast is not null);
            if (broadcast is null)
            {
                AssertSafeRefusal(refusal!, "path");
            }
            else
            {
                Assert.Equal([CallText, value, "bleg"], FreeSwitchModel.Separate(ApiArgument(EslCommands.Api(broadcast.Value), "uuid_broadcast"), ' ', 4));
            }
        });
        tally.AssertBothExercised();
    }

    [Fact]
    public void Raw_api_arguments_arrive_exactly_and_add_no_line()
    {
        var tally = new Tally();
        Holds(HostileText.Value, arguments =>
        {
            bool carriable = !HostileText.Unwritable(arguments) && !HostileText.TrimmedEnds(arguments) && !HostileText.Hijacks(arguments);
            var command = TryCreate(() => EslCommands.Api("echo", arguments), out var refusal);
            tally.Count(command is not null);
            Assert.Equal(carriable, command is not null);
            if (command is null)
            {
                AssertSafeRefusal(refusal!, "arguments");
                return;
            }

            var packet = SinglePacket(command.Value);
            Assert.Empty(packet.Headers);
            Assert.Equal(("echo", arguments.Length == 0 ? null : arguments), FreeSwitchModel.ApiCall(packet.CommandLine));
        });
        tally.AssertBothExercised();
    }

    [Fact]
    public void Filter_values_and_passwords_stay_on_their_line()
    {
        var tally = new Tally();
        Holds(HostileText.Value, value =>
        {
            bool filterCarriable = value.Length > 0 && !HostileText.Unwritable(value) && !HostileText.TrimmedEnds(value) && !HostileText.Hijacks(value, "Unique-ID");
            var filter = TryCreate(() => EslCommands.FilterAdd("Unique-ID", value), out var refusal);
            tally.Count(filter is not null);
            Assert.Equal(filterCarriable, filter is not null);
            if (filter is null)
            {
                AssertSafeRefusal(refusal!, "value");
            }
            else
            {
                var packet = SinglePacket(filter.Value);
                Assert.Empty(packet.Headers);
                Assert.Equal("filter Unique-ID " + value, packet.CommandLine);
            }

            bool passwordCarriable = value.Length > 0 && !HostileText.Unwritable(value) && !HostileText.Hijacks(value);
            var auth = TryCreate(() => EslCommands.Auth(value), out refusal);
            Assert.Equal(passwordCarriable, auth is not null);
            if (auth is null)
            {
                AssertSafeRefusal(refusal!, "password");
            }
            else
            {
                // mod_event_socket compares everything after "auth " up to the line end.
                var packet = SinglePacket(auth.Value);
                Assert.Empty(packet.Headers);
                Assert.Equal(value, FreeSwitchModel.StripCr(packet.CommandLine)[5..]);
                Assert.Equal("auth ***", auth.Value.ToString());
            }
        });
        tally.AssertBothExercised();
    }

    [Fact]
    public void Sendevent_headers_and_body_arrive_exactly_and_add_nothing()
    {
        var tally = new Tally();
        Holds(Gen.Zip(HostileText.Value, Gen.OneOf(HostileText.Value.Select(b => (string?)b), Gen.Constant<string?>(null))), input =>
        {
            var (value, body) = input;
            bool carriable = !HostileText.Unwritable(value) && !HostileText.TrimmedEnds(value)
                && (body is null || (!body.Contains('\0', StringComparison.Ordinal) && IsValidUtf16(body)))
                && !HostileText.Hijacks(value, body ?? "");
            var command = TryCreate(() => EslCommands.SendCustomEvent("lab::test", [new("Lab-Header", value), new("Lab-Num", "42")], body), out var refusal);
            tally.Count(command is not null);
            Assert.Equal(carriable, command is not null);
            if (command is null)
            {
                AssertSafeRefusal(refusal!, null);
                return;
            }

            var packet = SinglePacket(command.Value);
            Assert.Equal("sendevent CUSTOM", packet.CommandLine);
            var expected = new List<KeyValuePair<string, string>> { new("Event-Subclass", "lab::test"), new("Lab-Header", value), new("Lab-Num", "42") };
            if (!string.IsNullOrEmpty(body))
            {
                expected.Add(new("content-length", Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            Assert.Equal(expected, packet.Headers);
            Assert.Equal(string.IsNullOrEmpty(body) ? null : Encoding.UTF8.GetBytes(body), packet.Body);
        });
        tally.AssertBothExercised();
    }

    [Fact]
    public void Sendmsg_arguments_arrive_exactly_as_a_header_or_a_body()
    {
        var tally = new Tally();
        Holds(HostileText.Value, argument =>
        {
            bool carriable = !argument.Contains('\0', StringComparison.Ordinal) && IsValidUtf16(argument) && !HostileText.Hijacks(argument);
            var command = TryCreate(() => EslCommands.SendMsgExecute(Call, "set", argument, new EslExecuteOptions { EventLock = true }), out var refusal);
            tally.Count(command is not null);
            Assert.Equal(carriable, command is not null);
            if (command is null)
            {
                AssertSafeRefusal(refusal!, "argument");
                return;
            }

            var packet = SinglePacket(command.Value);
            Assert.Equal("sendmsg " + CallText, packet.CommandLine);
            Assert.Equal("execute", packet.Header("call-command"));
            Assert.Equal("set", packet.Header("execute-app-name"));
            Assert.Equal("true", packet.Header("event-lock"));

            // FreeSWITCH takes execute-app-arg, or (with none and content-type text/plain) the body.
            string? received = packet.Header("execute-app-arg")
                ?? (packet.Header("content-type") == "text/plain" && packet.Body is not null ? Encoding.UTF8.GetString(packet.Body) : null);
            Assert.Equal(argument.Length == 0 ? null : argument, received);
            Assert.Equal(argument.Length == 0 ? 3 : packet.Body is null ? 4 : 5, packet.Headers.Count);
        });
        // Almost anything fits a header or a body: only NUL, unpaired surrogates and the hijack are refused.
        tally.AssertBothExercised(share: 0.02);
    }

    [Fact]
    public void Event_subscriptions_put_every_subclass_after_CUSTOM()
    {
        var names = Gen.ArrayOf(Gen.Elements(EslEventName.Custom, EslEventName.ChannelAnswer, EslEventName.BackgroundJob, EslEventName.Heartbeat, EslEventName.All), 3);
        var subclasses = Gen.ArrayOf(Gen.Elements("sofia::register", "mod_audio_stream::json", "lab::x"), 2);
        Holds(Gen.Zip(names, subclasses), input =>
        {
            var (eventNames, subs) = input;
            if (eventNames.Length == 0 && subs.Length == 0)
            {
                return;
            }

            var packet = SinglePacket(EslCommands.Event(EslEventFormat.Json, [.. eventNames], [.. subs]));
            var words = packet.CommandLine.Split(' ');
            Assert.Equal(["event", "json"], words[..2]);
            int custom = Array.IndexOf(words, "CUSTOM");
            bool wantsCustom = subs.Length > 0 || eventNames.Contains(EslEventName.Custom);
            Assert.Equal(wantsCustom, custom >= 0);
            var before = custom < 0 ? words[2..] : words[2..custom];
            Assert.Equal(eventNames.Where(n => n != EslEventName.Custom).Select(EslEventNames.GetName), before);
            Assert.Equal(custom < 0 ? [] : subs, custom < 0 ? [] : words[(custom + 1)..]);
        }, tests: 500);
    }

    private static FreeSwitchModel.Packet SinglePacket<T>(T command)
        where T : IEslCommand
    {
        var packet = Assert.Single(FreeSwitchModel.ReadPackets(Wire.Bytes(command)));
        Assert.False(FreeSwitchModel.IsHijacked(packet));
        return packet;
    }

    private static string ApiArgument<T>(T command, string expectedCommand)
        where T : IEslCommand
    {
        var packet = SinglePacket(command);
        var (name, argument) = FreeSwitchModel.ApiCall(packet.CommandLine);
        Assert.Equal(expectedCommand, name);
        return argument!;
    }

    private static T? TryCreate<T>(Func<T> create, out EslValueRejectedException? refusal)
        where T : struct
    {
        try
        {
            refusal = null;
            return create();
        }
        catch (EslValueRejectedException ex)
        {
            refusal = ex;
            return null;
        }
    }

    private static bool IsValidUtf16(string text) => !HostileText.Unwritable(text.Replace('\r', 'r').Replace('\n', 'n').Replace('\0', '0'));
}

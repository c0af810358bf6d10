using EslKit.Commands;
using FsCheck.Fluent;
using static EslKit.Tests.Commands.OriginatePropertyTests;

namespace EslKit.Tests.Commands;

/// <summary>The call-control builders: exact bytes, and every value arrives in its argument or is refused.</summary>
public sealed class CallControlCommandTests
{
    private static readonly Guid Call = Guid.Parse("d35804e0-cb69-42dc-afc9-279ca5cd2596");
    private static readonly Guid Other = Guid.Parse("9af3f175-6fe7-43e0-8843-d70007f864af");

    [Fact]
    public void The_uuid_commands_are_written_exactly()
    {
        Assert.Equal($"api uuid_answer {Call}\n\n", Wire.Text(EslCommands.Api(EslApi.UuidAnswer(Call))));
        Assert.Equal($"api uuid_kill {Call} USER_BUSY\n\n", Wire.Text(EslCommands.Api(EslApi.UuidKill(Call, EslHangupCause.UserBusy))));
        Assert.Equal($"api uuid_kill {Call} SOME_NEW_CAUSE\n\n", Wire.Text(EslCommands.Api(EslApi.UuidKill(Call, EslHangupCause.Parse("some_new_cause")))));
        Assert.Equal($"api uuid_bridge {Call} {Other}\n\n", Wire.Text(EslCommands.Api(EslApi.UuidBridge(Call, Other))));
        Assert.Equal($"api uuid_transfer {Call} 1000\n\n", Wire.Text(EslCommands.Api(EslApi.UuidTransfer(Call, "1000"))));
        Assert.Equal($"api uuid_transfer {Call} *98#+1 XML\n\n", Wire.Text(EslCommands.Api(EslApi.UuidTransfer(Call, "*98#+1", "XML"))));
        Assert.Equal($"api uuid_transfer {Call} 1000 XML default\n\n", Wire.Text(EslCommands.Api(EslApi.UuidTransfer(Call, "1000", "XML", "default"))));
        Assert.Equal($"bgapi uuid_answer {Call}\nJob-UUID: {Other}\n\n", Wire.Text(EslCommands.BgApi(EslApi.UuidAnswer(Call), Other)));
        Assert.Equal("sendmsg\ncall-command: hangup\nhangup-cause: NO_ANSWER\n\n", Wire.Text(EslCommands.SendMsgHangup(null, EslHangupCause.NoAnswer)));
        Assert.Equal($"sendmsg {Call}\ncall-command: hangup\nhangup-cause: 4870\n\n", Wire.Text(EslCommands.SendMsgHangup(Call, EslHangupCause.FromCode(4870))));
    }

    [Fact]
    public void Transfer_parts_that_are_not_words_or_would_read_as_flags_are_refused_before_anything_is_sent()
    {
        Assert.Equal(EslRejectionReason.Reserved, Wire.Refused(() => EslApi.UuidTransfer(Call, "-bleg")).Reason);
        Assert.Equal("extension", Wire.Refused(() => EslApi.UuidTransfer(Call, "10 00")).Field);
        Assert.Equal("extension", Wire.Refused(() => EslApi.UuidTransfer(Call, "")).Field);
        Assert.Equal("dialplan", Wire.Refused(() => EslApi.UuidTransfer(Call, "1000", "X ML")).Field);
        Assert.Equal("context", Wire.Refused(() => EslApi.UuidTransfer(Call, "1000", "XML", "de'fault")).Field);
        var contextWithoutDialplan = Wire.Refused(() => EslApi.UuidTransfer(Call, "1000", null, "default"));
        Assert.Equal(("dialplan", EslRejectionReason.Empty), (contextWithoutDialplan.Field, contextWithoutDialplan.Reason));
        Assert.Equal(EslRejectionReason.ModuleReload, Wire.Refused(() => EslApi.UuidTransfer(Call, "reload", "mod_event_socket")).Reason);
    }

    [Fact]
    public void A_transfer_reaches_uuid_transfer_as_exactly_its_words_or_is_refused()
    {
        var word = Gen.Frequency((3, Gen.Elements("1000", "XML", "default", "*98", "a.b-c_d", "+601", "#")), (2, HostileText.Value));
        var tally = new Tally();
        Holds(Gen.Zip(word, Gen.Zip(word, word)), input =>
        {
            var (extension, (dialplan, context)) = input;
            string? plan = dialplan.Length % 3 == 0 ? null : dialplan;
            string? ctx = plan is null || context.Length % 2 == 0 ? null : context;
            EslApiCall? call;
            try
            {
                call = EslApi.UuidTransfer(Call, extension, plan, ctx);
            }
            catch (EslValueRejectedException refusal)
            {
                AssertSafeRefusal(refusal, null);
                tally.Count(false);
                return;
            }

            tally.Count(true);
            var packet = Assert.Single(FreeSwitchModel.ReadPackets(Wire.Bytes(EslCommands.Api(call.Value))));
            Assert.False(FreeSwitchModel.IsHijacked(packet));
            var (command, argument) = FreeSwitchModel.ApiCall(packet.CommandLine);
            Assert.Equal("uuid_transfer", command);
            string[] expected = [Call.ToString(), extension, .. plan is null ? Array.Empty<string>() : [plan], .. ctx is null ? Array.Empty<string>() : [ctx]];
            Assert.Equal(expected, FreeSwitchModel.Separate(argument!, ' ', 5));
            Assert.False(extension.StartsWith('-'));
        });
        Assert.True(tally.Accepted > 100 && tally.Refused > 100, $"{tally.Accepted} accepted, {tally.Refused} refused");
    }

    [Fact]
    public void A_playback_file_is_the_exact_execute_app_arg_or_is_refused()
    {
        var tally = new Tally();
        Holds(HostileText.Value, file =>
        {
            string argument;
            try
            {
                argument = EslCallArguments.PlaybackFile(file, "file");
            }
            catch (EslValueRejectedException refusal)
            {
                AssertSafeRefusal(refusal, "file");
                tally.Count(false);
                return;
            }

            tally.Count(true);
            Assert.DoesNotContain("${", argument, StringComparison.Ordinal);
            var packet = Assert.Single(FreeSwitchModel.ReadPackets(Wire.Bytes(EslCommands.SendMsgExecute(null, "playback", argument, new EslExecuteOptions { EventLock = true }))));
            Assert.False(FreeSwitchModel.IsHijacked(packet));
            Assert.Equal(file, packet.Header("execute-app-arg"));
            Assert.Equal(["call-command", "execute-app-name", "execute-app-arg", "event-lock"], packet.Headers.Select(h => h.Key));
        });
        Assert.True(tally.Accepted > 100 && tally.Refused > 100, $"{tally.Accepted} accepted, {tally.Refused} refused");
    }

    [Fact]
    public void A_dial_string_joins_validated_endpoints_for_failover_or_all_at_once()
    {
        EslEndpoint[] legs = [EslEndpoint.Gateway("trunk", "+60123456789"), EslEndpoint.Sofia("external", "60123", "sip.example.com:5060")];

        Assert.Equal("sofia/gateway/trunk/+60123456789|sofia/external/60123@sip.example.com:5060", EslCallArguments.DialString(legs, EslLegMode.Sequential, "endpoints"));
        Assert.Equal("sofia/gateway/trunk/+60123456789,sofia/external/60123@sip.example.com:5060", EslCallArguments.DialString(legs, EslLegMode.Simultaneous, "endpoints"));
        Assert.Equal(EslRejectionReason.Empty, Wire.Refused(() => EslCallArguments.DialString([], EslLegMode.Sequential, "endpoints")).Reason);
        Assert.Equal(EslRejectionReason.Empty, Wire.Refused(() => EslCallArguments.DialString([legs[0], null!], EslLegMode.Sequential, "endpoints")).Reason);
        Assert.Equal(EslRejectionReason.OutOfRange, Wire.Refused(() => EslCallArguments.DialString(legs, (EslLegMode)7, "endpoints")).Reason);
    }
}

using System.Buffers;
using System.Text;
using EslKit.Commands;
using EslKit.Diagnostics;
using EslKit.Protocol;

namespace EslKit.Tests.Commands;

/// <summary>Secrets never appear in any rendering meant for logs, exceptions or traces.</summary>
public sealed class RedactionTests
{
    private const string Password = "p,a}s{s'w\"o rd=^^x";
    private const string Token = "tok-3f9a2c";
    private static readonly Guid Call = Guid.Parse("aba4baa0-402e-4e0a-a50b-86f7655e90df");
    private static readonly Guid SecondLeg = Guid.Parse("bba4baa0-402e-4e0a-a50b-86f7655e90df");

    [Fact]
    public void A_full_originate_masks_the_sip_password_and_every_secret_variable()
    {
        var originate = EslOriginate.CreateBuilder()
            .SipCredentials("601548732123", Password)
            .SecretVariable("api_token", Token)
            .Variable("campaign", "c1")
            .Leg(EslEndpoint.Sofia("external", "60123456789", "127.0.0.1:5090"), Call, EslVariable.Secret("leg_secret", "leg-pin-1234"))
            .Leg(EslEndpoint.Gateway("trunk", "60123456789"), SecondLeg, new EslVariable("Leg_Pin", "second-leg-pw", isSecret: true))
            .Application(EslApplication.Socket("127.0.0.1"))
            .Build();
        var bgapi = EslCommands.BgApi(originate, Guid.Parse("11111111-2222-4333-8444-555555555555"));

        string[] renderings = [originate.ToString(), bgapi.ToString(), bgapi.Call.ToString(), EslCommands.Api(originate).ToString(), EslApi.Originate(originate).ToString()];
        foreach (string text in renderings)
        {
            Assert.DoesNotContain("p\\,a}s{s", text, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain("leg-pin-1234", text, StringComparison.Ordinal);
            Assert.DoesNotContain("second-leg-pw", text, StringComparison.Ordinal);
            Assert.Contains("sip_auth_password=***", text, StringComparison.Ordinal);
            Assert.Contains("api_token=***", text, StringComparison.Ordinal);
            Assert.Contains("leg_secret=***", text, StringComparison.Ordinal);
            Assert.Contains("Leg_Pin=***", text, StringComparison.Ordinal);
            Assert.Contains("campaign=c1", text, StringComparison.Ordinal);
        }

        Assert.Equal(
            "originate <sip_auth_username=601548732123,sip_auth_password=***,api_token=***,campaign=c1>"
            + "[origination_uuid=aba4baa0-402e-4e0a-a50b-86f7655e90df,leg_secret=***]sofia/external/60123456789@127.0.0.1:5090|[origination_uuid=bba4baa0-402e-4e0a-a50b-86f7655e90df,Leg_Pin=***]sofia/gateway/trunk/60123456789 &socket(127.0.0.1:8084\\sasync\\sfull)",
            originate.ToString());
        Assert.Equal(originate.ToString().Replace("originate ", "bgapi originate ", StringComparison.Ordinal), bgapi.ToString());

        // The bytes sent still carry the secrets, exactly.
        Assert.Contains("sip_auth_password=p\\,a}s{s\\'w\"o\\srd=^^x", Wire.Text(bgapi), StringComparison.Ordinal);
        Assert.Contains(Token, Wire.Text(bgapi), StringComparison.Ordinal);
    }

    [Fact]
    public void The_sip_password_is_secret_whatever_its_case_and_block()
    {
        var originate = EslOriginate.CreateBuilder()
            .Leg(EslEndpoint.User("1000"), new EslVariable("SIP_AUTH_PASSWORD", "x-pw-77"))
            .Application("park")
            .Build();
        Assert.Equal("originate [SIP_AUTH_PASSWORD=***]user/1000 &park", originate.ToString());
        Assert.Equal("[SIP_AUTH_PASSWORD=x-pw-77]user/1000 &park", Wire.Argument(originate));
    }

    [Fact]
    public void Passwords_of_auth_and_userauth_and_secret_api_values_are_masked()
    {
        Assert.Equal("auth ***", EslCommands.Auth("LabSecret!42").ToString());
        Assert.Equal("userauth 1000@example.com:***", EslCommands.UserAuth("1000", "example.com", "LabSecret!42").ToString());
        Assert.Equal($"uuid_setvar {Call:D} pin ***", EslApi.UuidSetVar(Call, "pin", "4321 9", secret: true).ToString());
        Assert.Equal($"api uuid_setvar {Call:D} sip_auth_password ***", EslCommands.Api(EslApi.UuidSetVar(Call, "sip_auth_password", "pw it's")).ToString());
        Assert.Equal($"api uuid_setvar {Call:D} x 1", EslCommands.Api(EslApi.UuidSetVar(Call, "x", "1")).ToString());
        Assert.Equal("sip_auth_password=***", new EslVariable("sip_auth_password", Password).ToString());
        Assert.Equal("a=***", EslVariable.Secret("a", Token).ToString());
        Assert.Equal("a=1", new EslVariable("a", "1").ToString());
    }

    [Fact]
    public void Raw_text_written_by_the_caller_is_masked_where_it_sets_the_sip_password()
    {
        var setvar = EslCommands.Api("uuid_setvar", $"{Call:D} sip_auth_password hunter2 x");
        Assert.Equal($"api uuid_setvar {Call:D} sip_auth_password ***", setvar.ToString());
        Assert.Equal($"uuid_setvar {Call:D} sip_auth_password ***", setvar.Call.ToString());
        Assert.Contains("hunter2", Wire.Text(setvar), StringComparison.Ordinal);

        var originate = EslCommands.BgApi("originate", "{sip_auth_password=hunter2}user/1000 &park", Call);
        Assert.Equal("bgapi originate {sip_auth_password=***}user/1000 &park", originate.ToString());

        var set = EslCommands.SendMsgExecute(null, "set", "sip_auth_password=hunter2");
        Assert.Equal("sendmsg\ncall-command: execute\nexecute-app-name: set\nexecute-app-arg: sip_auth_password=***", set.ToString());

        var header = EslCommands.SendEvent(EslEventName.Custom, [new("sip_auth_password", "hunter2"), new("x", "1")]);
        Assert.Equal("sendevent CUSTOM\nsip_auth_password: ***\nx: 1", header.ToString());
        Assert.Equal("api status", EslCommands.Api("status").ToString());
    }

    [Fact]
    public void Sendmsg_masks_a_secret_argument_and_summarises_bodies()
    {
        var header = EslCommands.SendMsgExecute(Call, "set", $"pin={Token}", new EslExecuteOptions { SecretArgument = true });
        Assert.Equal($"sendmsg {Call:D}\ncall-command: execute\nexecute-app-name: set\nexecute-app-arg: ***", header.ToString());

        var body = EslCommands.SendMsgExecute(null, "set", $"pin={Token}\nx=1", new EslExecuteOptions { SecretArgument = true });
        Assert.DoesNotContain(Token, body.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("content-length: 18\n\n***", body.ToString(), StringComparison.Ordinal);

        var sendevent = EslCommands.SendCustomEvent("lab::body", [new("Lab-Header", "a b%c")], $"secret {Token}\n");
        Assert.Equal("sendevent CUSTOM\nEvent-Subclass: lab::body\nLab-Header: a b%c\ncontent-length: 18\n\n[body: 18 bytes]", sendevent.ToString());
        Assert.Contains(Token, Wire.Text(sendevent), StringComparison.Ordinal);
    }

    [Fact]
    public void Exception_messages_never_carry_the_value()
    {
        string secret = Token + "\n";
        Action[] refusals =
        [
            () => EslCommands.Auth(secret),
            () => EslOriginate.CreateBuilder().SipCredentials("1", Token + ":x"),
            () => EslOriginate.CreateBuilder().SecretVariable("pin", Token + "${x}"),
            () => EslOriginate.CreateBuilder().SecretVariable("pin", "}>]" + Token).Leg(EslEndpoint.User("1")).Application("park").Build(),
            () => EslApi.UuidSetVar(Call, "pin", Token + "\\"),
        ];
        foreach (var refusal in refusals)
        {
            var ex = Wire.Refused(refusal, Token);
            Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_helper_masks_FreeSWITCHs_own_echo_of_an_originate()
    {
        // As the per-call-auth capture's BACKGROUND_JOB repeated it in Job-Command-Arg.
        string echoed = "<sip_auth_username=601548732123,sip_auth_password=p\\,a}s{s\\'w\"o\\srd=^^x>sofia/external/60123456789@127.0.0.1:5090 &park";
        Assert.Equal(
            "<sip_auth_username=601548732123,sip_auth_password=***>sofia/external/60123456789@127.0.0.1:5090 &park",
            EslRedaction.RedactVariables(echoed));

        Assert.Equal("{a=1,pin=***,b=2}[sip_auth_password=***]user/1 &park", EslRedaction.RedactVariables("{a=1,pin=4 3\\,2,b=2}[sip_auth_password=x]user/1 &park", ["PIN"]));
        Assert.Equal("[^^;a=1;pin=***]user/1", EslRedaction.RedactVariables("[^^;a=1;pin=9,9]user/1", ["pin"]));
        Assert.Equal("{pin=***}user/1", EslRedaction.RedactVariables("{pin='a,b'}user/1", ["pin"]));
        Assert.Equal("{x=1}user/1 &set(pin=***) next", EslRedaction.RedactVariables("{x=1}user/1 &set(pin=1234) next", ["pin"]));
        Assert.Equal("{pin=***,other", EslRedaction.RedactVariables("{pin=unterminated,other", ["pin"]));
        Assert.Equal("nothing to hide", EslRedaction.RedactVariables("nothing to hide"));
    }

    [Fact]
    public void The_helper_masks_command_lines()
    {
        Assert.Equal("auth ***", EslRedaction.RedactCommandLine("auth LabSecret!42"));
        Assert.Equal("userauth 1000@example.com:***", EslRedaction.RedactCommandLine("userauth 1000@example.com:pa:ss"));
        Assert.Equal("userauth 1000:***@example.com", EslRedaction.RedactCommandLine("userauth 1000:secret@example.com"));
        Assert.Equal($"api uuid_setvar {Call:D} sip_auth_password ***", EslRedaction.RedactCommandLine($"api uuid_setvar {Call:D} sip_auth_password a b c"));
        Assert.Equal($"bgapi uuid_setvar {Call:D} x y", EslRedaction.RedactCommandLine($"bgapi uuid_setvar {Call:D} x y"));
        Assert.Equal("bgapi originate {sip_auth_password=***}user/1 &park", EslRedaction.RedactCommandLine("bgapi originate {sip_auth_password=x}user/1 &park"));
        Assert.True(EslRedaction.IsSecret("Sip_Auth_Password"));
        Assert.True(EslRedaction.IsSecret("TOKEN", ["token"]));
        Assert.False(EslRedaction.IsSecret("sip_auth_username"));
    }

    [Fact]
    public void Every_command_renders_through_the_same_description_it_writes()
    {
        IEslCommand[] commands =
        [
            EslCommands.Event(EslEventFormat.Plain, [EslEventName.ChannelAnswer], ["sofia::register"]),
            EslCommands.FilterDelete("Unique-ID"),
            EslCommands.Linger(10),
            EslCommands.SendMsgHangup(Call),
            EslCommands.Api(EslApi.UuidKill(Call)),
        ];
        foreach (var command in commands)
        {
            var writer = new ArrayBufferWriter<byte>();
            command.WriteTo(writer);
            Assert.Equal(Encoding.UTF8.GetString(writer.WrittenSpan).TrimEnd('\n'), command.ToString());
        }
    }
}

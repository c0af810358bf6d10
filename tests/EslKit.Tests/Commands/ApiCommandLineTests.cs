using EslKit.Commands;
using FsCheck;
using FsCheck.Fluent;
using static EslKit.Tests.Commands.OriginatePropertyTests;

namespace EslKit.Tests.Commands;

/// <summary>
/// A whole command line (<c>"show channels"</c>, as <c>fs_cli -x</c> takes it) is an api call: its first word
/// is checked as a command name, the rest as raw arguments are, for api and bgapi alike. Line breaks are
/// reported as line breaks, and renderings carry no Job-UUID header.
/// </summary>
public sealed class ApiCommandLineTests
{
    private static readonly Guid Job = Guid.Parse("11111111-2222-4333-8444-555555555555");

    [Theory]
    [InlineData("show channels", "show channels")]
    [InlineData("show channels as json", "show channels as json")]
    [InlineData("sofia status gateway trunk", "sofia status gateway trunk")]
    [InlineData("status", "status")]
    [InlineData("show   channels", "show channels")] // FreeSWITCH trims the blanks after the first space anyway
    [InlineData("originate sofia/gateway/trunk/601100002 &park", "originate sofia/gateway/trunk/601100002 &park")]
    [InlineData("status extra", "status extra")]
    public void A_whole_command_line_is_the_command_and_its_arguments(string line, string sent)
    {
        Assert.Equal($"api {sent}\n\n", Wire.Text(EslCommands.Api(line)));
        Assert.Equal($"bgapi {sent}\nJob-UUID: {Job:D}\n\n", Wire.Text(EslCommands.BgApi(line, null, Job)));
        var call = EslApiCall.Parse(line);
        Assert.Equal(sent.Split(' ')[0], call.Command);
        Assert.Equal($"api {sent}\n\n", Wire.Text(EslCommands.Api(call)));
    }

    [Fact]
    public void The_command_and_arguments_form_still_works_and_matches_the_line()
    {
        Assert.Equal("api show channels\n\n", Wire.Text(EslCommands.Api("show", "channels")));
        Assert.Equal(Wire.Text(EslCommands.Api("show channels")), Wire.Text(EslCommands.Api("show", "channels")));

        // A line with more arguments after it: they follow the line's own.
        Assert.Equal("api show channels as json\n\n", Wire.Text(EslCommands.Api("show channels", "as json")));
    }

    [Theory]
    [InlineData("status\nexit", "command", EslRejectionReason.LineBreak)]
    [InlineData("status\n", "command", EslRejectionReason.LineBreak)]
    [InlineData("status\r", "command", EslRejectionReason.LineBreak)]
    [InlineData("sh@w\nchannels", "command", EslRejectionReason.LineBreak)]
    [InlineData("show channels\n\nevent plain ALL", "command", EslRejectionReason.LineBreak)]
    [InlineData("status\0", "command", EslRejectionReason.Nul)]
    [InlineData("", "command", EslRejectionReason.Empty)]
    [InlineData(" status", "command", EslRejectionReason.LeadingOrTrailingWhitespace)]
    [InlineData("show channels ", "command", EslRejectionReason.LeadingOrTrailingWhitespace)]
    [InlineData("status\t", "command", EslRejectionReason.LeadingOrTrailingWhitespace)]
    [InlineData("sh@w channels", "command", EslRejectionReason.InvalidFormat)]
    [InlineData("show\tchannels", "command", EslRejectionReason.InvalidFormat)]
    [InlineData("show \tchannels", "arguments", EslRejectionReason.LeadingOrTrailingWhitespace)]
    [InlineData("unload mod_event_socket", "arguments", EslRejectionReason.ModuleReload)]
    [InlineData("bgapi reload MOD_EVENT_SOCKET", "arguments", EslRejectionReason.ModuleReload)]
    public void A_line_is_refused_for_what_is_wrong_with_it(string line, string field, EslRejectionReason reason)
    {
        foreach (var create in new Action[] { () => EslCommands.Api(line), () => EslCommands.BgApi(line, null, Job), () => EslApiCall.Parse(line) })
        {
            var refusal = Wire.Refused(create);
            Assert.Equal(reason, refusal.Reason);
            Assert.Equal(field, refusal.Field);
        }
    }

    [Fact]
    public void An_unpaired_surrogate_anywhere_in_a_line_is_refused_as_such()
    {
        // In code, not in an attribute: attribute strings cannot hold an unpaired surrogate.
        foreach (string line in new[] { "status \uD800", "show chan\uDC00nels", "sh\uD800ow channels" })
        {
            var refusal = Wire.Refused(() => EslCommands.Api(line));
            Assert.Equal(EslRejectionReason.InvalidUnicode, refusal.Reason);
            Assert.Equal("command", refusal.Field);
        }
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("status\n")]
    public void A_line_break_in_a_raw_command_is_reported_as_a_line_break(string command)
    {
        Assert.Equal(EslRejectionReason.LineBreak, Wire.Refused(() => EslCommands.Api(command)).Reason);
        Assert.Equal(EslRejectionReason.LineBreak, Wire.Refused(() => EslCommands.Api(command, "x")).Reason);
        Assert.Equal(EslRejectionReason.LineBreak, Wire.Refused(() => EslCommands.BgApi(command, null, Job)).Reason);
    }

    [Fact]
    public void A_refused_line_never_shows_its_secret()
    {
        const string Secret = "Pa55-w0rd-x";
        string line = $"originate {{sip_auth_password={Secret}\n}}sofia/gateway/trunk/1 &park";

        Wire.Refused(() => EslCommands.BgApi(line, null, Job), Secret);
        Wire.Refused(() => EslCommands.Api($"originate{Secret}\n"), Secret);
    }

    [Fact]
    public void A_raw_originate_line_is_sent_as_written_and_rendered_with_its_password_masked()
    {
        const string Secret = "Pa55-w0rd-x";
        var command = EslCommands.BgApi($"originate {{sip_auth_username=600,sip_auth_password={Secret}}}sofia/gateway/trunk/601100002 &park", null, Job);

        Assert.Contains(Secret, Wire.Text(command), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, command.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, command.Call.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("bgapi originate {sip_auth_username=600,sip_auth_password=", command.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bgapi_renders_as_its_command_line_without_the_job_uuid_header()
    {
        Assert.Equal("bgapi status", EslCommands.BgApi("status", null, Job).ToString());
        Assert.Equal("bgapi show channels", EslCommands.BgApi("show channels", null, Job).ToString());
        string originate = EslCommands.BgApi(EslOriginate.CreateBuilder().Leg(EslEndpoint.Gateway("trunk", "1")).Application("park").Build(), Job).ToString();
        Assert.Equal("bgapi originate sofia/gateway/trunk/1 &park", originate);
        Assert.DoesNotContain('\n', originate);
        Assert.DoesNotContain("Job-UUID", originate, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_line_is_the_same_call_as_its_first_word_and_the_rest()
    {
        var words = Gen.Elements("show", "status", "sofia", "uuid_kill", "originate", "echo", "unload", "sh@w", "show\t", "", "a b");
        var tally = new Tally();
        var lines = from word in words from separator in Gen.Elements(" ", "  ", "") from rest in HostileText.Value select (word, separator, rest);
        Holds(lines, input =>
        {
            var (word, separator, rest) = input;
            string line = word + separator + rest;
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            string expectedCommand = space < 0 ? line : line[..space];
            string expectedArguments = space < 0 ? string.Empty : line[(space + 1)..].TrimStart(' ');
            bool carriable = !HostileText.Unwritable(line)
                && !HostileText.TrimmedEnds(line)
                && expectedCommand.Length > 0 && expectedCommand.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
                && !HostileText.TrimmedEnds(expectedArguments)
                && !HostileText.Hijacks(line);

            EslApiCommand command = default;
            EslValueRejectedException? refusal = null;
            try
            {
                command = EslCommands.Api(line);
            }
            catch (EslValueRejectedException ex)
            {
                refusal = ex;
            }

            tally.Count(refusal is null);
            Assert.Equal(carriable, refusal is null);
            if (refusal is not null)
            {
                AssertSafeRefusal(refusal, null);
                Assert.Contains(refusal.Field, new[] { "command", "arguments" });
                return;
            }

            var packet = Assert.Single(FreeSwitchModel.ReadPackets(Wire.Bytes(command)));
            Assert.Empty(packet.Headers);
            Assert.False(FreeSwitchModel.IsHijacked(packet));
            Assert.Equal((expectedCommand, expectedArguments.Length == 0 ? null : expectedArguments), FreeSwitchModel.ApiCall(packet.CommandLine));
            Assert.Equal(Wire.Text(command), Wire.Text(EslCommands.Api(expectedCommand, expectedArguments.Length == 0 ? null : expectedArguments)));
        });
        tally.AssertBothExercised();
    }
}

using EslKit.Commands;

namespace EslKit.Tests.Commands;

/// <summary><see cref="EslApplication.Set"/>: the variable arrives exactly as given, or the call is refused.</summary>
public sealed class SetApplicationTests
{
    [Fact]
    public void Set_writes_name_equals_value_and_carries_line_breaks_in_the_body()
    {
        Assert.Equal(
            "sendmsg\ncall-command: execute\nexecute-app-name: set\nexecute-app-arg: lab_note=a b=c & 'q'\n\n",
            Wire.Text(EslCommands.SendMsgExecute(null, EslApplication.Set("lab_note", "a b=c & 'q'"))));
        Assert.Equal(
            "sendmsg\ncall-command: execute\nexecute-app-name: set\ncontent-type: text/plain\ncontent-length: 9\n\nmulti=a\nb",
            Wire.Text(EslCommands.SendMsgExecute(null, EslApplication.Set("multi", "a\nb"))));
        Assert.Equal("set(cleared=)", EslApplication.Set("cleared", "").ToString());
    }

    [Fact]
    public void A_password_set_this_way_is_masked_when_the_command_is_rendered()
    {
        var command = EslCommands.SendMsgExecute(null, EslApplication.Set("sip_auth_password", "hunter2 x"));
        Assert.Contains("execute-app-arg: sip_auth_password=hunter2 x\n", Wire.Text(command), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", command.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_FreeSWITCH_would_expand_is_refused_without_echoing_it()
    {
        const string Value = "p4ss${sip_from_user}";
        var refusal = Wire.Refused(() => EslApplication.Set("sip_auth_password", Value), Value);
        Assert.Equal(EslRejectionReason.VariableExpansion, refusal.Reason);

        // "$" alone and "{" alone are not expansions.
        Assert.Equal("set(price=$5 {net})", EslApplication.Set("price", "$5 {net}").ToString());
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("a=b")]
    [InlineData("")]
    [InlineData("x\ny")]
    public void Names_must_be_variable_names(string name)
    {
        var refusal = Wire.Refused(() => EslApplication.Set(name, "v"));
        Assert.Equal("name", refusal.Field);
    }

    [Fact]
    public void Values_no_packet_can_carry_are_refused()
    {
        Assert.Equal(EslRejectionReason.Nul, Wire.Refused(() => EslApplication.Set("v", "a\0b")).Reason);
        Assert.Equal(EslRejectionReason.InvalidUnicode, Wire.Refused(() => EslApplication.Set("v", "a\ud800")).Reason);
        Assert.Throws<ArgumentNullException>(() => EslApplication.Set("v", null!));
    }
}

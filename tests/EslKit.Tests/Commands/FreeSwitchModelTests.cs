namespace EslKit.Tests.Commands;

/// <summary>
/// The reference model against what a real FreeSWITCH did (the fixtures) and against the behaviours the
/// source reading found, so the properties built on it rest on something checked.
/// </summary>
public sealed class FreeSwitchModelTests
{
    [Fact]
    public void The_answered_per_call_auth_line_gives_the_password_back_exactly()
    {
        var originate = ParseLine(@"bgapi originate <sip_auth_username=601548732123,sip_auth_password=p\,a}s{s\'w""o\srd=^^x>sofia/external/60123456789@127.0.0.1:5090 &park");

        Assert.Equal(2, originate.ArgumentCount);
        Assert.Equal("park", originate.Application);
        Assert.Null(originate.ApplicationArguments);
        var leg = Assert.Single(originate.Dial!.Legs);
        Assert.Equal("sofia/external/60123456789@127.0.0.1:5090", leg.Endpoint);
        var channel = FreeSwitchModel.ChannelVariables(originate.Dial, leg);
        Assert.Equal("601548732123", channel["sip_auth_username"]);
        Assert.Equal("p,a}s{s'w\"o rd=^^x", channel["sip_auth_password"]);
        Assert.Equal(2, channel.Count);
    }

    [Fact]
    public void The_same_password_in_braces_is_cut_and_breaks_the_endpoint_as_FreeSWITCH_showed()
    {
        // FreeSWITCH answered -ERR CHAN_NOT_IMPLEMENTED: '}' closed the block, the rest became the endpoint.
        var originate = ParseLine(@"bgapi originate {sip_auth_username=601548732123,sip_auth_password=p\,a}s{s\'w""o\srd=^^x}sofia/external/60123456789@127.0.0.1:5090 &park");

        var leg = Assert.Single(originate.Dial!.Legs);
        Assert.Equal("p,a", FreeSwitchModel.ChannelVariables(originate.Dial, leg)["sip_auth_password"]);
        Assert.False(leg.Endpoint.StartsWith("sofia/", StringComparison.Ordinal));
    }

    [Fact]
    public void Raw_spaces_split_the_socket_arguments_and_escaped_ones_do_not()
    {
        var raw = FreeSwitchModel.ParseOriginate("sofia/gateway/t/1 &socket(1.2.3.4:8084 async full)");
        Assert.Equal(4, raw.ArgumentCount);
        Assert.Equal("1.2.3.4:8084", raw.ApplicationArguments);
        Assert.Equal("async", raw.Dialplan);

        var escaped = FreeSwitchModel.ParseOriginate(@"sofia/gateway/t/1 &socket(1.2.3.4:8084\sasync\sfull)");
        Assert.Equal(2, escaped.ArgumentCount);
        Assert.Equal("1.2.3.4:8084 async full", escaped.ApplicationArguments);
        Assert.Equal(["1.2.3.4:8084", "async", "full"], FreeSwitchModel.Separate(escaped.ApplicationArguments!, ' ', 80));
    }

    [Fact]
    public void Cleanup_unescapes_as_the_C_code_does()
    {
        Assert.Equal("a\\b", FreeSwitchModel.Cleanup(@"a\\b", '\0'));
        Assert.Equal("it's", FreeSwitchModel.Cleanup(@"it\'s", '\0'));
        Assert.Equal("a\"b", FreeSwitchModel.Cleanup(@"a\""b", '\0'));
        Assert.Equal("a\nb\tc d\re", FreeSwitchModel.Cleanup(@"a\nb\tc\sd\re", '\0'));
        Assert.Equal(@"a\,b", FreeSwitchModel.Cleanup(@"a\,b", '\0'));
        Assert.Equal("a,b", FreeSwitchModel.Cleanup(@"a\,b", ','));
        Assert.Equal(@"C:\dir", FreeSwitchModel.Cleanup(@"C:\dir", '\0'));
        Assert.Equal("ab", FreeSwitchModel.Cleanup("'a'b", '\0'));
        Assert.Equal("it's", FreeSwitchModel.Cleanup("it's", '\0'));
        Assert.Equal("x", FreeSwitchModel.Cleanup("  x  ", '\0'));
        Assert.Equal(" x ", FreeSwitchModel.Cleanup(@"\sx\s", '\0'));
    }

    [Fact]
    public void One_quote_per_block_scope_or_the_variables_merge()
    {
        // Two variables with one escaped quote each: the block tokenizer pairs them up.
        var merged = FreeSwitchModel.ParseDial("{a=x'y,b=z'w}sofia/gateway/t/1");
        var variable = Assert.Single(merged.Global);
        Assert.Equal(new KeyValuePair<string, string>("a", "xy,b=zw"), variable);

        // In [...] one quote swallows the variables after it, so it must be the last one.
        Assert.Equal([new("a", "it's,b=2")], FreeSwitchModel.ParseDial("[a=it's,b=2]sofia/gateway/t/1").Legs.Single().Variables);
        Assert.Equal([new("b", "2"), new("a", "it's")], FreeSwitchModel.ParseDial("[b=2,a=it's]sofia/gateway/t/1").Legs.Single().Variables);
    }

    [Fact]
    public void Blocks_close_at_the_first_balancing_bracket_regardless_of_quotes_and_escapes()
    {
        Assert.Equal("x", FreeSwitchModel.ParseDial("{a=x}y}sofia/t/1").Global.Single().Value);
        Assert.Throws<FreeSwitchModel.UndefinedBehaviourException>(() => FreeSwitchModel.ParseDial(@"{a=x\}y}sofia/t/1"));
        Assert.Equal("x{y}z", FreeSwitchModel.ParseDial("{a=x{y}z}sofia/t/1").Global.Single().Value);
        Assert.Throws<FormatException>(() => FreeSwitchModel.ParseDial("{a=x{y}sofia/t/1"));
    }

    [Fact]
    public void Legs_split_on_pipe_then_comma_and_each_reads_its_own_block()
    {
        var dial = FreeSwitchModel.ParseDial(@"{g=1}[a=1\,2]sofia/p/1@h,[b=2]sofia/p/2@h|sofia/gateway/t/3");

        Assert.Equal(2, dial.Groups.Count);
        Assert.Equal(2, dial.Groups[0].Count);
        Assert.Equal("1,2", dial.Groups[0][0].Variables.Single().Value);
        Assert.Equal("sofia/p/2@h", dial.Groups[0][1].Endpoint);
        Assert.Equal("sofia/gateway/t/3", dial.Groups[1].Single().Endpoint);
        Assert.Equal("1", FreeSwitchModel.ChannelVariables(dial, dial.Groups[1][0])["g"]);
    }

    [Fact]
    public void What_FreeSWITCH_drops_or_reinterprets()
    {
        Assert.True(FreeSwitchModel.ParseDial("{a=1}sofia/t/1:_:sofia/t/2").IsEnterprise);
        Assert.Empty(FreeSwitchModel.ParseDial("{a=}sofia/t/1").Global);
        Assert.True(FreeSwitchModel.ContainsVariable("x${y}"));
        Assert.True(FreeSwitchModel.ContainsVariable(@"x$\{y}"));
        Assert.False(FreeSwitchModel.ContainsVariable("x$ {y}"));
        var dial = FreeSwitchModel.ParseDial("{a=${x},b=ARRAY::1|:2}sofia/t/1");
        var channel = FreeSwitchModel.ChannelVariables(dial, dial.Legs.Single());
        Assert.False(channel.ContainsKey("a"));
        Assert.StartsWith("array:", channel["b"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_blank_tokenizer_toggles_on_every_quote_and_a_trailing_backslash_is_undefined()
    {
        Assert.Equal(["x", "'y z"], FreeSwitchModel.Separate("x 'y z", ' ', 10));
        Assert.Equal("-USAGE", FreeSwitchModel.ParseOriginate("sofia/t/1'x &park").Usage);
        Assert.Throws<FreeSwitchModel.UndefinedBehaviourException>(() => FreeSwitchModel.Separate(@"a b\", ' ', 10));
    }

    [Fact]
    public void Packets_are_read_like_read_packet_and_the_hijack_scans_every_header()
    {
        var packets = FreeSwitchModel.ReadPackets("sendmsg\nexecute-app-arg:   reload\nx: MOD_event_socket\n\nsendevent CUSTOM\ncontent-length: 3\n\na\nbexit\n\n"u8.ToArray());

        Assert.Equal(3, packets.Count);
        Assert.Equal("reload", packets[0].Header("execute-app-arg"));
        Assert.True(FreeSwitchModel.IsHijacked(packets[0]));
        Assert.Equal("a\nb"u8.ToArray(), packets[1].Body);
        Assert.Equal("exit", packets[2].CommandLine);
        Assert.Equal(("uuid_kill", "x y"), FreeSwitchModel.ApiCall("api uuid_kill  x y \t"));
    }

    [Fact]
    public void One_uuid_for_failover_legs_clashes_and_one_uuid_per_leg_does_not_as_the_failover_uuid_capture_shows()
    {
        // The capture's two originates: FreeSWITCH answered the first -ERR DESTINATION_OUT_OF_ORDER ("Duplicate UUID!")
        // and the second +OK with the second leg's UUID.
        var lines = Support.Fixtures.ReadText("freeswitch-calls/failover-uuid.client.txt").Split('\n').Where(l => l.StartsWith("bgapi originate ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);

        var shared = ParseLine(lines[0]).Dial!;
        Assert.Equal(["168f1081-71ae-4b26-909a-067a7a78771e", "168f1081-71ae-4b26-909a-067a7a78771e"], FreeSwitchModel.RequestedUuids(shared));
        Assert.Equal(1, FreeSwitchModel.FirstDuplicateUuidLeg(shared));
        Assert.Equal("3", FreeSwitchModel.ChannelVariables(shared, shared.Legs.First())["leg_timeout"]);

        var perLeg = ParseLine(lines[1]).Dial!;
        Assert.Equal(["d8482845-9ce7-46a8-aa79-5c5bd67e4683", "bbefcc84-cda5-40e7-884b-d7c4dfd0518b"], FreeSwitchModel.RequestedUuids(perLeg));
        Assert.Null(FreeSwitchModel.FirstDuplicateUuidLeg(perLeg));
        Assert.Equal("p,a}s{s'w\"o rd=^^x", FreeSwitchModel.ChannelVariables(perLeg, perLeg.Legs.Last())["sip_auth_password"]);
    }

    [Fact]
    public void Simultaneous_legs_sharing_a_uuid_clash_in_their_group()
    {
        var dial = FreeSwitchModel.ParseDial("{origination_uuid=u1}sofia/p/1@h,sofia/p/2@h");
        Assert.Equal(1, FreeSwitchModel.FirstDuplicateUuidLeg(dial));
        Assert.Null(FreeSwitchModel.FirstDuplicateUuidLeg(FreeSwitchModel.ParseDial("[origination_uuid=u1]sofia/p/1@h,[origination_uuid=u2]sofia/p/2@h")));
        Assert.Equal([null, null], FreeSwitchModel.RequestedUuids(FreeSwitchModel.ParseDial("sofia/p/1@h|sofia/p/2@h")));
    }

    private static FreeSwitchModel.Originate ParseLine(string line)
    {
        var (command, argument) = FreeSwitchModel.ApiCall(line);
        Assert.Equal("originate", command);
        return FreeSwitchModel.ParseOriginate(argument!);
    }
}

using EslKit.Commands;

namespace EslKit.Tests.Commands;

/// <summary>The originate builder's output, block choice and refusals, case by case.</summary>
public sealed class OriginateBuilderTests
{
    private static readonly Guid CallId = Guid.Parse("0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");
    private static readonly EslEndpoint Primary = EslEndpoint.Sofia("external", "+60123456789", "sip1.example.com:5060");
    private static readonly EslEndpoint Secondary = EslEndpoint.Sofia("external", "+60123456789", "10.0.0.2");

    [Fact]
    public void A_gateway_call_with_variables_and_a_socket()
    {
        var originate = EslOriginate.CreateBuilder()
            .Uuid(CallId)
            .CallerIdName("Acme Sales")
            .CallerIdNumber("+60312345678")
            .Timeout(30)
            .Variable("campaign_id", "c-42")
            .Leg(EslEndpoint.Gateway("trunk", "60123456789"))
            .Application(EslApplication.Socket("127.0.0.1", 8084))
            .Build();

        Assert.Equal(
            "{origination_uuid=0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9,origination_caller_id_name=Acme\\sSales,origination_caller_id_number=+60312345678,originate_timeout=30,campaign_id=c-42}"
            + "sofia/gateway/trunk/60123456789 &socket(127.0.0.1:8084\\sasync\\sfull)",
            Wire.Argument(originate));
        Assert.Equal(CallId, originate.Uuid);
        Assert.Equal(Wire.Argument(originate).Length, originate.ArgumentByteCount);
    }

    [Fact]
    public void Sequential_legs_fail_over_with_pipes_and_simultaneous_ones_ring_with_commas()
    {
        EslOriginateBuilder Builder() => EslOriginate.CreateBuilder()
            .Leg(Primary, new EslVariable("leg_name", "primary"))
            .Leg(Secondary)
            .Application("park");

        Assert.Equal(
            "[leg_name=primary]sofia/external/+60123456789@sip1.example.com:5060|sofia/external/+60123456789@10.0.0.2 &park",
            Wire.Argument(Builder().Build()));
        Assert.Equal(
            "[leg_name=primary]sofia/external/+60123456789@sip1.example.com:5060,sofia/external/+60123456789@10.0.0.2 &park",
            Wire.Argument(Builder().Mode(EslLegMode.Simultaneous).Build()));
    }

    [Fact]
    public void Values_are_escaped_for_their_block()
    {
        var originate = EslOriginate.CreateBuilder()
            .Variable("greeting", "it's a, b \"c\" = 100% & $5 ; ^^x | é\tz")
            .Leg(Primary, new EslVariable("note", "x, y"))
            .Application("park")
            .Build();

        Assert.Equal(
            "{greeting=it\\'s\\sa\\,\\sb\\s\"c\"\\s=\\s100%\\s&\\s$5\\s;\\s^^x\\s|\\sé\tz}[note=x\\,\\sy]sofia/external/+60123456789@sip1.example.com:5060 &park",
            Wire.Argument(originate));
    }

    [Fact]
    public void Globals_move_together_to_the_enterprise_block_when_one_holds_a_brace()
    {
        var originate = EslOriginate.CreateBuilder()
            .Variable("a", "1")
            .Variable("json", "{\"k\":1}")
            .Leg(Primary)
            .Application("park")
            .Build();

        Assert.Equal("<a=1,json={\"k\":1}>sofia/external/+60123456789@sip1.example.com:5060 &park", Wire.Argument(originate));
        Assert.Equal(EslVariableBlock.Enterprise, originate.GetBlock("a", 0));
    }

    [Fact]
    public void Each_global_goes_to_the_first_block_that_can_carry_it_when_no_block_carries_all()
    {
        var originate = EslOriginate.CreateBuilder()
            .Variable("plain", "1")
            .Variable("braces", "{x}")
            .Variable("angles", "<x>")
            .Variable("both", "{<x>}")
            .Leg(Primary)
            .Leg(Secondary)
            .Application("park")
            .Build();

        Assert.Equal(
            "<braces={x}>{plain=1,angles=<x>}[both={<x>}]sofia/external/+60123456789@sip1.example.com:5060|[both={<x>}]sofia/external/+60123456789@10.0.0.2 &park",
            Wire.Argument(originate));
        Assert.Equal(EslVariableBlock.Global, originate.GetBlock("plain", 1));
        Assert.Equal(EslVariableBlock.Enterprise, originate.GetBlock("braces", 1));
        Assert.Equal(EslVariableBlock.Leg, originate.GetBlock("both", 1));
    }

    [Fact]
    public void Quoted_values_get_a_block_each_and_go_last_in_a_leg_block()
    {
        var originate = EslOriginate.CreateBuilder()
            .Variable("q1", "it's")
            .Variable("q2", "o'clock")
            .Variable("q3", "rock'n")
            .Leg(Primary, new EslVariable("leg_var", "1"))
            .Application("park")
            .Build();

        Assert.Equal(
            "<q2=o\\'clock>{q1=it\\'s}[leg_var=1,q3=rock\\'n]sofia/external/+60123456789@sip1.example.com:5060 &park",
            Wire.Argument(originate));

        var legQuoteFirst = EslOriginate.CreateBuilder()
            .Leg(Primary, new EslVariable("name", "O'Brien"), new EslVariable("id", "7"))
            .Application("park")
            .Build();
        Assert.Equal("[id=7,name=O\\'Brien]sofia/external/+60123456789@sip1.example.com:5060 &park", Wire.Argument(legQuoteFirst));
    }

    [Fact]
    public void Quotes_that_cannot_each_have_a_scope_are_refused()
    {
        var fourQuotes = Wire.Refused(() => EslOriginate.CreateBuilder()
            .Variable("q1", "a'1").Variable("q2", "a'2").Variable("q3", "a'3").Variable("q4", "a'4")
            .Leg(Primary).Application("park").Build());
        Assert.Equal(EslRejectionReason.TooManyQuotes, fourQuotes.Reason);

        // Two legs: a copy in every [...] would put two quotes into the one leg list.
        var twoLegs = Wire.Refused(() => EslOriginate.CreateBuilder()
            .Variable("q1", "a'1").Variable("q2", "a'2").Variable("q3", "a'3")
            .Leg(Primary).Leg(Secondary).Application("park").Build());
        Assert.Equal(EslRejectionReason.TooManyQuotes, twoLegs.Reason);

        var legQuotes = Wire.Refused(() => EslOriginate.CreateBuilder()
            .Leg(Primary, new EslVariable("a", "x'y"))
            .Leg(Secondary, new EslVariable("b", "x'y"))
            .Application("park").Build());
        Assert.Equal(("legs[1].b", EslRejectionReason.TooManyQuotes), (legQuotes.Field, legQuotes.Reason));

        var twoInOne = Wire.Refused(() => EslOriginate.CreateBuilder().Variable("a", "'x'"), "'x'");
        Assert.Equal(EslRejectionReason.TooManyQuotes, twoInOne.Reason);
    }

    [Theory]
    [InlineData("a\rb", EslRejectionReason.LineBreak)]
    [InlineData("a\nb", EslRejectionReason.LineBreak)]
    [InlineData("a\0b", EslRejectionReason.Nul)]
    [InlineData("a\u0001b", EslRejectionReason.ControlCharacter)]
    [InlineData("a\u007fb", EslRejectionReason.ControlCharacter)]
    [InlineData("a\\b", EslRejectionReason.Backslash)]
    [InlineData("a\\sb", EslRejectionReason.Backslash)]
    [InlineData("pay${amount}", EslRejectionReason.VariableExpansion)]
    [InlineData(" lead", EslRejectionReason.LeadingOrTrailingWhitespace)]
    [InlineData("trail\t", EslRejectionReason.LeadingOrTrailingWhitespace)]
    [InlineData("", EslRejectionReason.Empty)]
    [InlineData("a:_:b", EslRejectionReason.EnterpriseSeparator)]
    [InlineData("ARRAY::a|:b", EslRejectionReason.ArrayPrefix)]
    [InlineData("x'y'z", EslRejectionReason.TooManyQuotes)]
    public void Values_no_block_can_carry_are_refused_naming_the_variable(string value, EslRejectionReason reason)
    {
        var ex = Wire.Refused(() => EslOriginate.CreateBuilder().SecretVariable("api_token", value));

        Assert.Equal(reason, ex.Reason);
        Assert.Equal("api_token", ex.Field);
        Assert.Equal("api_token", ex.ParamName);
        Assert.Contains("'api_token'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new EslValueRejectedException("api_token", reason).Message, ex.Message);
    }

    [Fact]
    public void An_unpaired_surrogate_is_refused()
    {
        string value = "a" + (char)0xD800 + "b";
        Assert.Equal(EslRejectionReason.InvalidUnicode, Wire.Refused(() => EslOriginate.CreateBuilder().Variable("x", value)).Reason);
        Assert.Equal(EslRejectionReason.InvalidUnicode, Wire.Refused(() => EslOriginate.CreateBuilder().Variable("x", "a" + (char)0xDC00)).Reason);
        Assert.NotNull(EslOriginate.CreateBuilder().Variable("x", "a\U0001F600b").Leg(Primary).Application("park").Build());
    }

    [Fact]
    public void Brackets_of_every_block_are_refused_for_globals_and_leg_values()
    {
        var global = Wire.Refused(() => EslOriginate.CreateBuilder().Variable("x", "}>]").Leg(Primary).Application("park").Build());
        Assert.Equal((EslRejectionReason.NoBlockCanCarry, "x"), (global.Reason, global.Field));

        var leg = Wire.Refused(() => EslOriginate.CreateBuilder().Leg(Primary, new EslVariable("x", "a|b")).Application("park").Build());
        Assert.Equal((EslRejectionReason.NoBlockCanCarry, "legs[0].x"), (leg.Reason, leg.Field));
    }

    [Fact]
    public void Sip_credentials_are_checked_as_sofia_uses_them()
    {
        var colonUser = Wire.Refused(() => EslOriginate.CreateBuilder().SipCredentials("user:x", "pw"));
        Assert.Equal((EslRejectionReason.ColonInSipCredential, "sip_auth_username"), (colonUser.Reason, colonUser.Field));

        var colonLegPassword = Wire.Refused(() => EslOriginate.CreateBuilder().Leg(Primary, EslVariable.Secret("SIP_AUTH_PASSWORD", "a:b")), "a:b");
        Assert.Equal((EslRejectionReason.ColonInSipCredential, "legs[0].SIP_AUTH_PASSWORD"), (colonLegPassword.Reason, colonLegPassword.Field));

        string longest = new('p', 256 - "601548732123:".Length);
        Assert.NotNull(EslOriginate.CreateBuilder().SipCredentials("601548732123", longest).Leg(Primary).Application("park").Build());
        var tooLong = Wire.Refused(() => EslOriginate.CreateBuilder().SipCredentials("601548732123", longest + "é").Leg(Primary).Application("park").Build(), longest);
        Assert.Equal((EslRejectionReason.SipCredentialsTooLong, "sip_auth_password"), (tooLong.Reason, tooLong.Field));

        // The pair is what a leg ends up with: the username for every leg, the password per leg.
        var perLeg = Wire.Refused(() => EslOriginate.CreateBuilder()
            .Variable("sip_auth_username", "601548732123")
            .Leg(Primary, EslVariable.Secret("sip_auth_password", "short"))
            .Leg(Secondary, EslVariable.Secret("sip_auth_password", longest + "x"))
            .Application("park").Build());
        Assert.Equal("legs[1].sip_auth_password", perLeg.Field);
    }

    [Fact]
    public void A_variable_set_twice_is_refused_whatever_its_case_or_scope()
    {
        Assert.Equal(EslRejectionReason.Duplicate, Wire.Refused(() => EslOriginate.CreateBuilder()
            .Variable("a", "1").Variable("A", "2").Leg(Primary).Application("park").Build()).Reason);
        var clash = Wire.Refused(() => EslOriginate.CreateBuilder()
            .Variable("a", "1").Leg(Primary, new EslVariable("a", "2")).Application("park").Build());
        Assert.Equal(("legs[0].a", EslRejectionReason.Duplicate), (clash.Field, clash.Reason));
        Assert.Equal("origination_uuid", Wire.Refused(() => EslOriginate.CreateBuilder()
            .Uuid(CallId).Variable("origination_uuid", "x").Leg(Primary).Application("park").Build()).Field);
    }

    [Fact]
    public void Failover_legs_get_one_uuid_each_in_the_form_the_failover_uuid_capture_shows_answered()
    {
        var a = Guid.Parse("d8482845-9ce7-46a8-aa79-5c5bd67e4683");
        var b = Guid.Parse("bbefcc84-cda5-40e7-884b-d7c4dfd0518b");
        var originate = EslOriginate.CreateBuilder()
            .SipCredentials("601548732123", "p,a}s{s'w\"o rd=^^x")
            .Leg(EslEndpoint.Sofia("external", "601100002", "127.0.0.1:5091"), a, new EslVariable("leg_timeout", "3"))
            .Leg(EslEndpoint.Sofia("external", "601100002", "127.0.0.1:5090"), b)
            .Application("park")
            .Build();

        // Byte for byte the second originate of freeswitch-calls/failover-uuid, which FreeSWITCH answered "+OK <b>".
        string captured = Support.Fixtures.ReadText("freeswitch-calls/failover-uuid.client.txt").Split('\n').Where(l => l.StartsWith("bgapi originate ", StringComparison.Ordinal)).Last();
        Assert.Equal(captured, "bgapi originate " + Wire.Argument(originate));
        Assert.Equal([a, b], originate.LegUuids);
        Assert.Null(originate.Uuid);
        Assert.Equal(EslVariableBlock.Leg, originate.GetBlock("origination_uuid", 1));
        Assert.DoesNotContain("p,a", originate.ToString(), StringComparison.Ordinal);

        // The same legs ringing at once: one UUID each as well.
        var simultaneous = EslOriginate.CreateBuilder().Leg(Primary, a).Leg(Secondary, b).Mode(EslLegMode.Simultaneous).Application("park").Build();
        Assert.Equal($"[origination_uuid={a}]sofia/external/+60123456789@sip1.example.com:5060,[origination_uuid={b}]sofia/external/+60123456789@10.0.0.2 &park", Wire.Argument(simultaneous));

        // A leg without its own UUID: FreeSWITCH chooses one.
        Assert.Equal([a, null], EslOriginate.CreateBuilder().Leg(Primary, a).Leg(Secondary).Application("park").Build().LegUuids);
        Assert.Equal([CallId], EslOriginate.CreateBuilder().Uuid(CallId).Leg(Primary).Application("park").Build().LegUuids);
    }

    [Theory]
    [InlineData(EslLegMode.Sequential)]
    [InlineData(EslLegMode.Simultaneous)]
    public void One_uuid_for_several_legs_is_refused_with_the_reason(EslLegMode mode)
    {
        // The form FreeSWITCH answered -ERR DESTINATION_OUT_OF_ORDER without dialling the second leg.
        var shared = Wire.Refused(() => EslOriginate.CreateBuilder().Uuid(CallId).Leg(Primary).Leg(Secondary).Mode(mode).Application("park").Build());
        Assert.Equal(("uuid", EslRejectionReason.UuidSharedByLegs), (shared.Field, shared.Reason));
        Assert.Contains("duplicate UUID", shared.Message, StringComparison.Ordinal);
        Assert.Contains("Leg(endpoint, uuid)", shared.Message, StringComparison.Ordinal);

        var repeated = Wire.Refused(() => EslOriginate.CreateBuilder().Leg(Primary, CallId).Leg(Secondary, CallId).Mode(mode).Application("park").Build());
        Assert.Equal(("legs[1].origination_uuid", EslRejectionReason.UuidSharedByLegs), (repeated.Field, repeated.Reason));

        var both = Wire.Refused(() => EslOriginate.CreateBuilder().Uuid(CallId).Leg(Primary, Guid.NewGuid()).Application("park").Build());
        Assert.Equal(("legs[0].origination_uuid", EslRejectionReason.Duplicate), (both.Field, both.Reason));

        // Set as a raw variable it would escape LegUuids: the builder writes the UUIDs itself.
        Assert.Equal(("Origination_UUID", EslRejectionReason.Reserved), Fields(Wire.Refused(() => EslOriginate.CreateBuilder().Variable("Origination_UUID", CallId.ToString()))));
        Assert.Equal(("legs[0].origination_uuid", EslRejectionReason.Reserved), Fields(Wire.Refused(() => EslOriginate.CreateBuilder().Leg(Primary, new EslVariable("origination_uuid", CallId.ToString())))));

        static (string, EslRejectionReason) Fields(EslValueRejectedException ex) => (ex.Field, ex.Reason);
    }

    [Fact]
    public void Unload_or_reload_with_mod_event_socket_is_refused_even_across_values()
    {
        var ex = Wire.Refused(() => EslOriginate.CreateBuilder()
            .Variable("a", "please UNLOAD")
            .Variable("b", "Mod_Event_Socket")
            .Leg(Primary).Application("park").Build());
        Assert.Equal(EslRejectionReason.ModuleReload, ex.Reason);
        Assert.Equal("b", ex.Field);

        Assert.Equal(EslRejectionReason.ModuleReload, Wire.Refused(() => EslOriginate.CreateBuilder()
            .Variable("reload", "1").Leg(Primary).Application("mod_event_socket").Build()).Reason);
    }

    [Fact]
    public void Invalid_names_are_reported_by_position_not_by_name()
    {
        var ex = Wire.Refused(() => EslOriginate.CreateBuilder().Variable("ok", "1").Variable("bad name\nInjected: 1", "x"), "Injected");
        Assert.Equal(("variables[1]", EslRejectionReason.InvalidFormat), (ex.Field, ex.Reason));

        var leg = Wire.Refused(() => EslOriginate.CreateBuilder().Leg(Primary, new EslVariable("a=b", "x")));
        Assert.Equal("legs[0].variables[0]", leg.Field);
    }

    [Fact]
    public void Endpoints_numbers_and_hosts_are_validated()
    {
        Assert.Equal(EslRejectionReason.InvalidFormat, Wire.Refused(() => EslEndpoint.Gateway("trunk", "6012|sofia/x")).Reason);
        Assert.Equal(EslRejectionReason.InvalidFormat, Wire.Refused(() => EslEndpoint.Gateway("trunk", "+")).Reason);
        Assert.Equal(EslRejectionReason.InvalidFormat, Wire.Refused(() => EslEndpoint.Gateway("tr,unk", "1")).Reason);
        Assert.Equal(EslRejectionReason.InvalidFormat, Wire.Refused(() => EslEndpoint.Sofia("external", "1", "host:99999")).Reason);
        Assert.Equal(EslRejectionReason.InvalidFormat, Wire.Refused(() => EslEndpoint.Sofia("external", "1", "[::1]:5060")).Reason);
        Assert.Equal(EslRejectionReason.InvalidFormat, Wire.Refused(() => EslEndpoint.Sofia("external", "1", "-bad.example.com")).Reason);
        Assert.Equal(EslRejectionReason.Reserved, Wire.Refused(() => EslEndpoint.Sofia("gateway", "1", "h")).Reason);
        Assert.Equal(EslRejectionReason.InvalidFormat, Wire.Refused(() => EslApplication.Socket("127.0.0.1:8084", 8084)).Reason);
        Assert.Equal(EslRejectionReason.OutOfRange, Wire.Refused(() => EslApplication.Socket("127.0.0.1", 0)).Reason);
        Assert.Equal(EslRejectionReason.InvalidFormat, Wire.Refused(() => EslOriginate.CreateBuilder().CallerIdNumber("anonymous")).Reason);

        Assert.Equal("sofia/gateway/trunk/+601", EslEndpoint.Parse("sofia/gateway/trunk/+601").ToString());
        Assert.Equal("sofia/external/601@127.0.0.1:5090", EslEndpoint.Parse("sofia/external/601@127.0.0.1:5090").ToString());
        Assert.Equal("loopback/9999/default/XML", EslEndpoint.Parse("loopback/9999/default/XML").ToString());
        Assert.Equal("user/1000@example.com", EslEndpoint.Parse("user/1000@example.com").ToString());
        Assert.Equal("user/1000", EslEndpoint.User("1000").ToString());
        var bad = Wire.Refused(() => EslEndpoint.Parse("sofia/external/601@h st", "legs[2].endpoint"));
        Assert.Equal("legs[2].endpoint", bad.Field);
        Assert.Equal("legs[0].endpoint", Wire.Refused(() => EslEndpoint.Parse("loopback/a b", "legs[0].endpoint")).Field);
        Assert.Equal(EslRejectionReason.InvalidFormat, Wire.Refused(() => EslEndpoint.Parse("freetdm/1/a/123")).Reason);
    }

    [Fact]
    public void Application_arguments_stay_one_argument_and_cannot_hold_a_closing_parenthesis()
    {
        var originate = EslOriginate.CreateBuilder().Leg(Primary).Application("playback", "tone_stream://%(500,0,440").Build();
        Assert.EndsWith(" &playback(tone_stream://%(500,0,440)", Wire.Argument(originate), StringComparison.Ordinal);

        Assert.Equal(EslRejectionReason.UnsupportedCharacter, Wire.Refused(() => EslOriginate.CreateBuilder().Application("playback", "tone_stream://%(500,0,440)")).Reason);
        Assert.Equal(EslRejectionReason.VariableExpansion, Wire.Refused(() => EslOriginate.CreateBuilder().Application("playback", "${sound}")).Reason);
        Assert.Equal(EslRejectionReason.InvalidFormat, Wire.Refused(() => EslOriginate.CreateBuilder().Application("park(x)")).Reason);
    }

    [Fact]
    public void The_extension_form_fills_in_the_dialplan_when_only_a_context_is_given()
    {
        EslOriginateBuilder Builder() => EslOriginate.CreateBuilder().Leg(EslEndpoint.User("1000"));

        Assert.Equal("user/1000 9999", Wire.Argument(Builder().Extension("9999").Build()));
        Assert.Equal("user/1000 9999 XML public", Wire.Argument(Builder().Extension("9999", context: "public").Build()));
        Assert.Equal("user/1000 *98 inline", Wire.Argument(Builder().Extension("*98", "inline").Build()));
        Assert.Equal(EslRejectionReason.Reserved, Wire.Refused(() => Builder().Extension("UNDEF")).Reason);
        Assert.Equal(EslRejectionReason.Reserved, Wire.Refused(() => Builder().Extension("1", "XML", "undef")).Reason);
        Assert.Equal(EslRejectionReason.InvalidFormat, Wire.Refused(() => Builder().Extension("&park")).Reason);
    }

    [Fact]
    public void An_originate_needs_a_leg_and_somewhere_to_go()
    {
        Assert.Equal("legs", Wire.Refused(() => EslOriginate.CreateBuilder().Application("park").Build()).Field);
        Assert.Equal("application", Wire.Refused(() => EslOriginate.CreateBuilder().Leg(Primary).Build()).Field);
        Assert.Equal(EslRejectionReason.OutOfRange, Wire.Refused(() => EslOriginate.CreateBuilder().Timeout(0)).Reason);
    }

    [Fact]
    public void Writing_goes_through_api_and_bgapi()
    {
        var originate = EslOriginate.CreateBuilder().Leg(EslEndpoint.Gateway("trunk", "1")).Application("park").Build();
        var job = Guid.Parse("11111111-2222-4333-8444-555555555555");

        Assert.Equal("api originate sofia/gateway/trunk/1 &park\n\n", Wire.Text(EslCommands.Api(originate)));
        Assert.Equal("bgapi originate sofia/gateway/trunk/1 &park\nJob-UUID: 11111111-2222-4333-8444-555555555555\n\n", Wire.Text(EslCommands.BgApi(originate, job)));
        Assert.Equal(Wire.Text(EslCommands.BgApi(originate, job)), Wire.Text(EslCommands.BgApi(EslApi.Originate(originate), job)));
        Assert.Equal(EslReplyKind.ApiResponse, EslCommands.Api(originate).ReplyKind);
        Assert.Equal(EslReplyKind.CommandReply, EslCommands.BgApi(originate, job).ReplyKind);
    }
}

using EslKit.Commands;
using EslKit.Protocol;
using EslKit.Tests.Support;
using FsCheck.Fluent;
using static EslKit.Tests.Commands.OriginatePropertyTests;

namespace EslKit.Tests.Commands;

/// <summary>EslHangupCause: FreeSWITCH's cause table, parsing by name and number, unknown causes kept, always writable.</summary>
public sealed class HangupCauseTests
{
    [Fact]
    public void The_table_is_FreeSWITCHs_with_its_current_numbers()
    {
        // switch_types.h switch_call_cause_t (FreeSWITCH 1.10.8 and later) and switch_channel.c CAUSE_CHART: 82 causes.
        Assert.Equal(82, EslHangupCause.Known.Count);
        Assert.Equal(EslHangupCause.Known.Count, EslHangupCause.Known.Select(c => c.Name).Distinct().Count());
        Assert.Equal(EslHangupCause.Known.Count, EslHangupCause.Known.Select(c => c.Code).Distinct().Count());
        Assert.All(EslHangupCause.Known, c => Assert.Matches("^[A-Z0-9_]+$", c.Name));
        Assert.All(EslHangupCause.Known, c => Assert.True(c.IsKnown));

        Assert.Equal(0, EslHangupCause.None.Code);
        Assert.Equal(1, EslHangupCause.UnallocatedNumber.Code);
        Assert.Equal(16, EslHangupCause.NormalClearing.Code);
        Assert.Equal(17, EslHangupCause.UserBusy.Code);
        Assert.Equal(18, EslHangupCause.NoUserResponse.Code);
        Assert.Equal(19, EslHangupCause.NoAnswer.Code);
        Assert.Equal(21, EslHangupCause.CallRejected.Code);
        Assert.Equal(27, EslHangupCause.DestinationOutOfOrder.Code);
        Assert.Equal(28, EslHangupCause.InvalidNumberFormat.Code);
        Assert.Equal(41, EslHangupCause.NormalTemporaryFailure.Code);
        Assert.Equal(127, EslHangupCause.Interworking.Code);
        Assert.Equal(487, EslHangupCause.OriginatorCancel.Code);
        Assert.Equal(700, EslHangupCause.Crash.Code);
        Assert.Equal(808, EslHangupCause.InvalidGateway.Code);
        Assert.Equal(809, EslHangupCause.GatewayDown.Code);
        Assert.Equal(825, EslHangupCause.RejectAll.Code);
        Assert.Equal("BEARERCAPABILITY_NOTAUTH", EslHangupCause.BearerCapabilityNotAuthorized.Name);
        Assert.Equal("REQUESTED_CHAN_UNAVAIL", EslHangupCause.RequestedChannelUnavailable.Name);
    }

    [Fact]
    public void Q850_codes_are_the_code_up_to_127_and_normal_clearing_above_as_FreeSWITCH_reports_them()
    {
        Assert.Equal(17, EslHangupCause.UserBusy.Q850Code);
        Assert.Equal(127, EslHangupCause.Interworking.Q850Code);
        Assert.Equal(16, EslHangupCause.OriginatorCancel.Q850Code);
        Assert.Equal(16, EslHangupCause.GatewayDown.Q850Code);
        Assert.Null(EslHangupCause.Parse("SOME_FUTURE_CAUSE").Q850Code);
    }

    [Fact]
    public void Every_cause_a_real_FreeSWITCH_reported_is_known_with_the_Q850_code_it_gave()
    {
        int checkedEvents = 0;
        foreach (string capture in new[] { "call-outcomes", "call-socket-session", "call-socket-session-inbound", "pro-failover" })
        {
            foreach (var frame in FrameFeeder.ParseAll(Fixtures.Read($"freeswitch-calls/{capture}.fs.bin")).Where(f => f.ContentType == EslContentType.EventPlain))
            {
                var ev = EslEvent.Parse(EslEventFormat.Plain, frame.BodyBytes);
                if (ev.Name == EslEventName.ChannelHangupComplete)
                {
                    var cause = EslHangupCause.Parse(ev["Hangup-Cause"]!);
                    Assert.True(cause.IsKnown, cause.Name);
                    Assert.Equal(int.Parse(ev["variable_hangup_cause_q850"]!, System.Globalization.CultureInfo.InvariantCulture), cause.Q850Code);
                    Assert.Same(cause, EslHangupCause.Parse(ev["variable_hangup_cause"]!));
                    checkedEvents++;
                }
                else if (ev.Name == EslEventName.BackgroundJob && ev.BodyText.StartsWith("-ERR ", StringComparison.Ordinal))
                {
                    // originate's failures: "-ERR USER_BUSY", "-ERR INVALID_GATEWAY" …
                    Assert.True(EslHangupCause.Parse(ev.BodyText[5..].TrimEnd()).IsKnown, ev.BodyText);
                    checkedEvents++;
                }
            }
        }

        Assert.True(checkedEvents >= 20, $"only {checkedEvents} events checked");
    }

    [Theory]
    [InlineData("USER_BUSY")]
    [InlineData("user_busy")]
    [InlineData("User_Busy")]
    [InlineData("17")]
    [InlineData("017")]
    public void Names_in_any_case_and_numbers_give_the_known_cause(string text)
    {
        Assert.Same(EslHangupCause.UserBusy, EslHangupCause.Parse(text));
        Assert.True(EslHangupCause.TryParse(text, out var parsed));
        Assert.Same(EslHangupCause.UserBusy, parsed);
        Assert.Same(EslHangupCause.UserBusy, Parse<EslHangupCause>(text));
        Assert.Equal("USER_BUSY", parsed.ToString());
    }

    [Fact]
    public void Unknown_names_and_numbers_are_kept_and_compare_by_name()
    {
        var future = EslHangupCause.Parse("stir_shaken_failure");
        Assert.Equal("STIR_SHAKEN_FAILURE", future.Name);
        Assert.False(future.IsKnown);
        Assert.Null(future.Code);
        Assert.Equal(future, EslHangupCause.Parse("STIR_SHAKEN_FAILURE"));
        Assert.True(future == EslHangupCause.Parse("Stir_Shaken_Failure"));
        Assert.Equal(future.GetHashCode(), EslHangupCause.Parse("STIR_SHAKEN_FAILURE").GetHashCode());
        Assert.NotEqual(EslHangupCause.NormalClearing, future);
        Assert.True(EslHangupCause.NormalClearing != future);

        // A number FreeSWITCH does not list (609 was GATEWAY_DOWN before 1.10.8) stays that number.
        var old = EslHangupCause.Parse("609");
        Assert.Equal("609", old.Name);
        Assert.Equal(609, old.Code);
        Assert.False(old.IsKnown);
        Assert.Equal(old, EslHangupCause.FromCode(609));
        Assert.Same(EslHangupCause.GatewayDown, EslHangupCause.FromCode(809));
    }

    [Theory]
    [InlineData("")]
    [InlineData("USER BUSY")]
    [InlineData("USER-BUSY")]
    [InlineData("USER_BUSY\n")]
    [InlineData("USER_BUSY\r\nevent plain ALL")]
    [InlineData(" USER_BUSY")]
    [InlineData("NORMAL_CLEARING\0")]
    [InlineData("NÖRMAL")]
    [InlineData("99999999999")]
    public void Text_that_is_not_a_cause_word_is_refused_typed(string text)
    {
        Assert.False(EslHangupCause.TryParse(text, out _));
        var refusal = Wire.Refused(() => EslHangupCause.Parse(text), secret: text.Length > 3 ? text : null);
        Assert.Equal("cause", refusal.Field);
        Assert.Equal(text.Length == 0 ? EslRejectionReason.Empty : EslRejectionReason.InvalidFormat, refusal.Reason);
    }

    [Fact]
    public void A_very_long_word_is_refused()
    {
        Assert.False(EslHangupCause.TryParse(new string('A', 65), out _));
        Assert.True(EslHangupCause.TryParse(new string('A', 64), out _));
        Assert.False(EslHangupCause.TryParse(null, out _));
    }

    [Fact]
    public void Any_parsed_cause_is_one_word_that_arrives_intact_in_sendmsg_and_uuid_kill()
    {
        var call = Guid.Parse("b993212d-5d1f-435b-bf58-5bac7a4d556b");
        var tally = new Tally();
        Holds(Gen.Frequency((1, HostileText.Value), (1, Gen.Elements(EslHangupCause.Known.Select(c => c.Name.ToLowerInvariant()).ToArray()))), text =>
        {
            bool parsed = EslHangupCause.TryParse(text, out var cause);
            tally.Count(parsed);
            if (!parsed)
            {
                AssertSafeRefusal(Assert.Throws<EslValueRejectedException>(() => EslHangupCause.Parse(text)), "cause");
                return;
            }

            Assert.Matches("^[A-Z0-9_]{1,64}$", cause!.Name);
            var hangup = Assert.Single(FreeSwitchModel.ReadPackets(Wire.Bytes(EslCommands.SendMsgHangup(null, cause))));
            Assert.Equal(cause.Name, hangup.Header("hangup-cause"));
            Assert.Equal(2, hangup.Headers.Count);
            var kill = Assert.Single(FreeSwitchModel.ReadPackets(Wire.Bytes(EslCommands.Api(EslApi.UuidKill(call, cause)))));
            Assert.Equal($"api uuid_kill {call} {cause.Name}", kill.CommandLine);
        });
        Assert.True(tally.Accepted > 100 && tally.Refused > 100, $"{tally.Accepted} accepted, {tally.Refused} refused");
    }

    private static T Parse<T>(string text)
        where T : IParsable<T> => T.Parse(text, null);
}

using EslKit.Commands;
using EslKit.Testing;

namespace EslKit.Tests.Outbound;

/// <summary>Typed call control on an outbound session, against the emulator's calls: what goes on the wire, what comes back, what is refused.</summary>
public sealed class SessionCallControlTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static EslOutboundServerOptions Options() => new() { Port = 0, CommandTimeout = TimeSpan.FromSeconds(20), ShutdownTimeout = TimeSpan.FromSeconds(5) };

    /// <summary>Runs <paramref name="handler"/> on one session of a call placed with <paramref name="options"/>.</summary>
    private static async Task<(T Result, EslEmulatorOutboundCall Call)> RunAsync<T>(EslSwitchEmulator fs, EslOutboundCallOptions options, Func<EslOutboundSession, CancellationToken, Task<T>> handler)
    {
        var outcome = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(Options(), async (session, ct) =>
        {
            try
            {
                outcome.TrySetResult(await handler(session, ct));
            }
            catch (Exception ex)
            {
                outcome.TrySetException(ex);
            }
        });
        await server.StartAsync();
        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint, options);
        var result = await outcome.Task.WaitAsync(Patience);
        await call.WaitForCompletionAsync(Patience);
        return (result, call);
    }

    [Fact]
    public async Task Answer_and_a_typed_hangup_go_out_as_sendmsg_and_the_hangup_is_read_back()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();

        var ((answer, hangup), call) = await RunAsync(fs, new EslOutboundCallOptions(), async (session, ct) =>
        {
            var answered = await session.AnswerAsync(ct);
            await session.HangupAsync(EslHangupCause.UserBusy, ct);
            return (answered, await session.WaitForHangupAsync(ct));
        });

        Assert.Equal("answer", answer.Application);
        Assert.True(call.IsAnswered);
        var sendmsgs = call.ReceivedCommands.Where(c => c.Command == "sendmsg").ToList();
        Assert.Equal(["call-command", "execute-app-name", "event-lock", "Event-UUID"], sendmsgs[0].Headers.Select(h => h.Key));
        Assert.Equal("answer", sendmsgs[0]["execute-app-name"]);
        Assert.Equal(answer.ApplicationUuid.ToString(), sendmsgs[0]["Event-UUID"]);
        Assert.Equal([new("call-command", "hangup"), new("hangup-cause", "USER_BUSY")], sendmsgs[1].Headers);
        Assert.Equal("USER_BUSY", call.HangupCause);
        Assert.Same(EslHangupCause.UserBusy, hangup.Cause);
        Assert.Equal("17", hangup.HangupComplete!["variable_hangup_cause_q850"]);
    }

    [Fact]
    public async Task The_string_hangup_still_works_and_bad_causes_are_refused_before_sending()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();

        var (refusals, call) = await RunAsync(fs, new EslOutboundCallOptions(), async (session, ct) =>
        {
            var refused = new List<EslValueRejectedException>
            {
                await Assert.ThrowsAsync<EslValueRejectedException>(() => session.HangupAsync("NORMAL CLEARING\nevent plain ALL", ct)),
                await Assert.ThrowsAsync<EslValueRejectedException>(() => session.HangupAsync(string.Empty, ct)),
            };
            await session.HangupAsync("call_rejected", ct);
            await session.WaitForHangupAsync(ct);
            return refused;
        });

        Assert.All(refusals, r => Assert.Equal("cause", r.Field));
        Assert.Equal("CALL_REJECTED", call.HangupCause);
        Assert.Single(call.ReceivedCommands, c => c.Command == "sendmsg");
        Assert.DoesNotContain(call.ReceivedCommands, c => c.Command.StartsWith("event", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_playback_in_full_mode_asks_for_PLAYBACK_STOP_once_and_reports_done()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var options = new EslOutboundCallOptions { Answered = true };
        options.PlaybackDurations["ivr/welcome.wav"] = TimeSpan.FromMilliseconds(30);

        var ((first, second), call) = await RunAsync(fs, options, async (session, ct) =>
        {
            var one = await session.PlaybackAsync("ivr/welcome.wav", ct);
            var two = await session.PlaybackAsync("tone_stream://%(20,0,440)", ct);
            await session.HangupAsync(ct);
            return (one, two);
        });

        Assert.Equal(EslPlaybackStatus.Done, first.Status);
        Assert.Equal("FILE PLAYED", first.Response);
        Assert.True(first.IsPlayed);
        Assert.Equal("ivr/welcome.wav", first.PlaybackStop!["Playback-File-Path"]);
        Assert.Equal("tone_stream://%(20,0,440)", second.PlaybackStop!["Playback-File-Path"]);
        Assert.Equal(EslPlaybackStatus.Done, second.Status);
        var commands = call.ReceivedCommands.Select(c => c.Command).ToList();
        Assert.Equal(["connect", "myevents", "linger", "event plain PLAYBACK_STOP", "sendmsg", "sendmsg", "sendmsg", "exit"], commands);
        var playback = call.ReceivedCommands[4];
        Assert.Equal(
            ["call-command: execute", "execute-app-name: playback", "execute-app-arg: ivr/welcome.wav", "event-lock: true", $"Event-UUID: {first.Execution.ApplicationUuid}"],
            playback.Headers.Select(h => $"{h.Key}: {h.Value}"));
    }

    [Fact]
    public async Task Without_full_mode_a_playback_has_no_status_and_a_break_is_refused_typed_without_sending()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var options = new EslOutboundCallOptions { Full = false, Answered = true };
        options.PlaybackDurations["beep.wav"] = TimeSpan.FromMilliseconds(20);

        var ((played, refused, subscribeRefused), call) = await RunAsync(fs, options, async (session, ct) =>
        {
            var result = await session.PlaybackAsync("beep.wav", ct);
            var mode = await Assert.ThrowsAsync<EslModeException>(() => session.BreakAsync(cancellationToken: ct));
            var subscribe = await Assert.ThrowsAsync<EslModeException>(() => session.SubscribeAsync(EslEventSelector.ForNames(EslEventName.PlaybackStop), cancellationToken: ct));
            await session.HangupAsync(ct);
            return (result, mode, subscribe);
        });

        Assert.Equal(EslPlaybackStatus.Unknown, played.Status);
        Assert.Null(played.PlaybackStop);
        Assert.Equal("FILE PLAYED", played.Response);
        Assert.Equal($"api uuid_break {call.UniqueId}", refused.Command);
        Assert.StartsWith("event plain PLAYBACK_STOP", subscribeRefused.Command, StringComparison.Ordinal);
        Assert.DoesNotContain(call.ReceivedCommands, c => c.Command.StartsWith("api", StringComparison.Ordinal) || c.Command.StartsWith("event", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_break_sends_uuid_break_and_the_playback_reports_it_was_broken_off()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var breaks = new List<string>();
        var broken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fs.OnApi("uuid_break", (request, _) =>
        {
            lock (breaks)
            {
                breaks.Add(request.Arguments);
            }

            broken.TrySetResult();
            return ValueTask.FromResult("+OK\n");
        });
        var options = new EslOutboundCallOptions { Answered = true };

        // A playback that runs until uuid_break, as FreeSWITCH's does.
        options.Applications["playback"] = async (app, ct) =>
        {
            await app.PublishAsync(app.Call.CreateEvent("PLAYBACK_START").AddHeader("Playback-File-Path", app.Argument!), ct);
            await broken.Task.WaitAsync(ct);
            await app.PublishAsync(app.Call.CreateEvent("PLAYBACK_STOP").AddHeader("Playback-File-Path", app.Argument!).AddHeader("Playback-Status", "break"), ct);
            return "FILE PLAYED";
        };

        var (result, call) = await RunAsync(fs, options, async (session, ct) =>
        {
            await using var events = await session.SubscribeAsync(EslEventSelector.ForNames(EslEventName.PlaybackStart, EslEventName.PlaybackStop), cancellationToken: ct);
            var started = session.WaitForEventAsync(EslEventName.PlaybackStart, ct);
            var playing = session.PlaybackAsync("/tmp/long prompt.wav", ct);
            await started;
            await session.BreakAsync(all: true, ct);
            var played = await playing;
            await session.HangupAsync(ct);
            return played;
        });

        Assert.Equal(EslPlaybackStatus.Break, result.Status);
        Assert.Equal("/tmp/long prompt.wav", result.PlaybackStop!["Playback-File-Path"]);
        Assert.Equal([$"{call.UniqueId} all"], breaks);
        Assert.Contains(call.ReceivedCommands, c => c.Command == $"api uuid_break {call.UniqueId} all");
        Assert.Contains(call.ReceivedCommands, c => c.Command == "event plain PLAYBACK_START PLAYBACK_STOP");
        Assert.DoesNotContain(call.ReceivedCommands, c => c.Command == "event plain PLAYBACK_STOP"); // already asked for
    }

    [Fact]
    public async Task Bridge_and_transfer_run_their_applications_with_validated_arguments()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var options = new EslOutboundCallOptions { Answered = true };
        options.Applications["bridge"] = (_, _) => ValueTask.FromResult<string?>(null);
        options.Applications["transfer"] = (_, _) => ValueTask.FromResult<string?>(null);

        var (refusals, call) = await RunAsync(fs, options, async (session, ct) =>
        {
            await session.BridgeAsync(EslEndpoint.Gateway("trunk", "+60123456789"), ct);
            await session.BridgeAsync([EslEndpoint.Sofia("external", "60123", "sip.example.com:5060"), EslEndpoint.User("1001", "example.com")], EslLegMode.Simultaneous, ct);
            await session.TransferAsync("1000", "XML", "default", ct);
            await session.TransferAsync("*98", cancellationToken: ct);
            var refused = new List<EslValueRejectedException>
            {
                await Assert.ThrowsAsync<EslValueRejectedException>(() => session.TransferAsync("-both", cancellationToken: ct)),
                await Assert.ThrowsAsync<EslValueRejectedException>(() => session.TransferAsync("1000", null, "default", ct)),
                await Assert.ThrowsAsync<EslValueRejectedException>(() => session.TransferAsync("1000 XML", cancellationToken: ct)),
                await Assert.ThrowsAsync<EslValueRejectedException>(() => session.BridgeAsync([], cancellationToken: ct)),
                await Assert.ThrowsAsync<EslValueRejectedException>(() => session.PlaybackAsync("a.wav\nexecute-app-name: hangup", ct)),
                await Assert.ThrowsAsync<EslValueRejectedException>(() => session.PlaybackAsync("${sound_prefix}/a.wav", ct)),
                await Assert.ThrowsAsync<EslValueRejectedException>(() => session.PlaybackAsync(" a.wav", ct)),
            };
            await session.HangupAsync(ct);
            return refused;
        });

        var runs = call.Applications.Where(a => a.Name is "bridge" or "transfer").Select(a => $"{a.Name}({a.Argument})").ToList();
        Assert.Equal(
            [
                "bridge(sofia/gateway/trunk/+60123456789)",
                "bridge(sofia/external/60123@sip.example.com:5060,user/1001@example.com)",
                "transfer(1000 XML default)",
                "transfer(*98)",
            ],
            runs);
        Assert.Equal(
            [("extension", EslRejectionReason.Reserved), ("dialplan", EslRejectionReason.Empty), ("extension", EslRejectionReason.InvalidFormat), ("endpoints", EslRejectionReason.Empty),
             ("file", EslRejectionReason.LineBreak), ("file", EslRejectionReason.VariableExpansion), ("file", EslRejectionReason.LeadingOrTrailingWhitespace)],
            refusals.Select(r => (r.Field, r.Reason)));
        Assert.Equal(5, call.ReceivedCommands.Count(c => c.Command == "sendmsg")); // four runs and the hangup: nothing refused was sent
    }

    [Fact]
    public async Task A_subscription_asks_for_its_events_in_one_call_and_receives_exactly_those()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new TaskCompletionSource<List<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(Options(), async (session, ct) =>
        {
            try
            {
                var selector = new EslEventSelector { Names = [EslEventName.PlaybackStart], Subclasses = ["mod_audio_stream::play"] };
                await using var events = await session.SubscribeAsync(selector, cancellationToken: ct);
                await using var everything = session.OpenEventStream(); // what the session hears at all
                subscribed.TrySetResult();
                var names = new List<string>();
                await foreach (var e in events.ReadAllAsync(ct))
                {
                    names.Add(e.Subclass ?? e.RawName);
                    if (names.Count == 2)
                    {
                        break;
                    }
                }

                await foreach (var e in everything.ReadAllAsync(ct))
                {
                    if (e.Name == EslEventName.ChannelPark)
                    {
                        break; // the last event published below: everything before it was seen
                    }

                    names.Add("all:" + (e.Subclass ?? e.RawName));
                }

                received.TrySetResult(names);
            }
            catch (Exception ex)
            {
                received.TrySetException(ex);
            }
        });
        await server.StartAsync();
        var call = await fs.ConnectOutboundAsync(server.LocalEndPoint, new EslOutboundCallOptions { ParkDelay = null });
        await subscribed.Task.WaitAsync(Patience);

        await call.PublishAsync(call.CreateEvent("CUSTOM", "mod_audio_stream::connect")); // not asked for
        await call.PublishAsync(call.CreateEvent("CUSTOM", "mod_audio_stream::play"));
        await call.PublishAsync(call.CreateEvent("PLAYBACK_STOP"));                        // not asked for
        await call.PublishAsync(call.CreateEvent("PLAYBACK_START"));
        await call.PublishAsync(call.CreateEvent("DTMF").AddHeader("DTMF-Digit", "5"));    // myevents: the session hears it
        await call.PublishAsync(call.CreateEvent("CHANNEL_PARK"));
        var names = await received.Task.WaitAsync(Patience);

        Assert.Equal(["mod_audio_stream::play", "PLAYBACK_START", "all:mod_audio_stream::play", "all:PLAYBACK_START", "all:DTMF"], names);
        Assert.Contains(call.ReceivedCommands, c => c.Command == "event plain PLAYBACK_START CUSTOM mod_audio_stream::play");
    }
}

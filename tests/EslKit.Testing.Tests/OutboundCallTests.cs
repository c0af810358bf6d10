using System.Diagnostics;
using System.Text;
using EslKit.Protocol;
using EslKit.Testing.Tests.Support;

namespace EslKit.Testing.Tests;

/// <summary>What an emulated outbound call does, driven from a raw socket server on 127.0.0.1.</summary>
public sealed class OutboundCallTests
{
    private const string Goodbye = "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";

    [Fact]
    public async Task Connect_answers_with_the_channel_data_and_the_socket_modes()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var options = new EslOutboundCallOptions
        {
            Async = false,
            Full = false,
            Direction = "outbound",
            ChannelName = "sofia/gateway/trunk/60123456789",
            CallerIdName = "Campaign",
            CallerIdNumber = "60312345678",
            DestinationNumber = "60123456789",
            Answered = true,
        };
        options.Variables.Add(new("eslkit_call_id", "call-42"));
        options.Variables.Add(new("eslkit_tenant", "t 1"));
        var (call, peer) = await server.CallAsync(fs, options);
        await using var _ = peer;

        var reply = await peer.CommandAsync("connect");
        Assert.Equal(EslContentType.CommandReply, reply.ContentType);
        Assert.Equal("+OK\n", reply.ReplyText);
        Assert.Equal(["Content-Type", "Reply-Text", "Socket-Mode", "Control"], reply.Headers.TakeLast(4).Select(h => h.Key));
        Assert.Equal("static", reply["Socket-Mode"]);
        Assert.Equal("single-channel", reply["Control"]);
        Assert.Equal("CHANNEL_DATA", reply.Headers[0].Value);
        Assert.Equal(call.UniqueId.ToString("D"), reply["Unique-ID"]);
        Assert.Equal(call.UniqueId.ToString("D"), reply["Channel-Unique-ID"]);
        Assert.Equal("outbound", reply["Call-Direction"]);
        Assert.Equal("answered", reply["Answer-State"]);
        Assert.Equal("ACTIVE", reply["Channel-Call-State"]);
        Assert.Equal("60123456789", reply["Caller-Destination-Number"]);
        Assert.Equal("Campaign", reply["Caller-Caller-ID-Name"]);
        Assert.Equal("sofia/gateway/trunk/60123456789", reply["Channel-Name"]);
        Assert.Equal("call-42", reply["variable_eslkit_call_id"]);
        Assert.Equal("t 1", reply["variable_eslkit_tenant"]);
        Assert.Equal($"{server.EndPoint.Address}:{server.EndPoint.Port}", reply["variable_current_application_data"]);
        Assert.Equal("socket", reply["variable_current_application"]);
        string raw = Encoding.UTF8.GetString(peer.LastFrameBytes);
        Assert.Contains("\nReply-Text: %2BOK%0A\n", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Content-Length", raw, StringComparison.Ordinal);
        Assert.True(call.IsConnected);
    }

    [Fact]
    public async Task The_first_packet_gets_no_reply_unless_it_is_connect()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var (call, peer) = await server.CallAsync(fs);
        await using var _ = peer;

        await peer.SendAsync("myevents\n\n"); // executed, but listener_run drops its reply
        await call.WaitForCommandAsync("myevents");
        Assert.True(await peer.IsQuietAsync(TimeSpan.FromMilliseconds(150)));
        Assert.Equal("-ERR aready enabled.", (await peer.ReplyAsync("myevents")).ReplyText);
        Assert.Equal(call.UniqueId.ToString("D"), (await peer.ReplyAsync("connect"))["Unique-ID"]);
    }

    [Fact]
    public async Task Without_connect_the_socket_times_out_with_the_session_goodbye()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var (call, peer) = await server.CallAsync(fs, new EslOutboundCallOptions { ConnectTimeout = TimeSpan.FromMilliseconds(300) });
        await using var _ = peer;

        await peer.ReadToEndAsync();
        Assert.Equal(SessionGoodbye(call.UniqueId.ToString("D")), Encoding.UTF8.GetString(peer.Received));
        Assert.Equal(EslConnectionEnd.ConnectTimeout, call.EndReason);
        Assert.Equal("NORMAL_CLEARING", await call.WaitForHangupAsync()); // no resume: the channel hangs up
    }

    [Fact]
    public async Task Myevents_takes_only_this_channel_s_events_of_the_23_types_and_refuses_a_second_time()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var (call, peer) = await server.CallAsync(fs, new EslOutboundCallOptions { ParkDelay = null });
        await using var _ = peer;
        await peer.CommandAsync("connect");

        Assert.Equal("+OK Events Enabled", (await peer.CommandAsync("myevents json")).ReplyText);
        Assert.Equal("-ERR aready enabled.", (await peer.CommandAsync("myevents")).ReplyText);

        await fs.PublishAsync(fs.CreateEvent("CHANNEL_ANSWER").AddHeader("Unique-ID", Guid.NewGuid().ToString())); // another channel
        await call.PublishAsync(call.CreateEvent("CUSTOM", "lab::x"));                                             // not among the 23
        await fs.PublishAsync(fs.CreateEvent("CHANNEL_ANSWER").AddHeader("Unique-ID", call.UniqueId.ToString("D")));             // this channel, published from outside
        await call.PublishAsync(call.CreateEvent("CHANNEL_PROGRESS"));

        var first = await peer.ReadFrameAsync();
        Assert.Equal(EslContentType.EventJson, first.ContentType);
        Assert.Equal("CHANNEL_ANSWER", first.Event!.RawName);
        Assert.Equal(call.UniqueId.ToString("D"), first.Event["Unique-ID"]);
        Assert.Equal("CHANNEL_PROGRESS", (await peer.ReadFrameAsync()).Event!.RawName);
        Assert.True(await peer.IsQuietAsync(TimeSpan.FromMilliseconds(150)));
    }

    [Fact]
    public async Task Linger_and_nolinger_answer_as_freeswitch_does()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var (_, peer) = await server.CallAsync(fs);
        await using var __ = peer;
        await peer.CommandAsync("connect");

        Assert.Equal("+OK will linger", (await peer.CommandAsync("linger")).ReplyText);
        Assert.Equal("+OK will linger 10 seconds", (await peer.CommandAsync("linger 10")).ReplyText);
        Assert.Equal("+OK will not linger", (await peer.CommandAsync("nolinger")).ReplyText);
    }

    [Theory]
    [InlineData("linger")]
    [InlineData("nolinger")]
    [InlineData("event plain ALL")]
    [InlineData("api status")]
    [InlineData("bgapi status")]
    [InlineData("log 7")]
    [InlineData("nolog")]
    [InlineData("sendevent CUSTOM")]
    [InlineData("nixevent CHANNEL_ANSWER")]
    [InlineData("noevents")]
    public async Task Without_full_the_commands_that_need_it_are_not_found(string command)
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var (_, peer) = await server.CallAsync(fs, new EslOutboundCallOptions { Full = false });
        await using var __ = peer;
        Assert.Equal("single-channel", (await peer.CommandAsync("connect"))["Control"]);

        var reply = await peer.CommandAsync(command);
        Assert.Equal(EslContentType.CommandReply, reply.ContentType);
        Assert.Equal("-ERR command not found", reply.ReplyText);
    }

    [Fact]
    public async Task Without_full_the_channel_commands_still_work()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var options = new EslOutboundCallOptions { Full = false, ParkDelay = null };
        options.Variables.Add(new("lab", "v"));
        var (_, peer) = await server.CallAsync(fs, options);
        await using var __ = peer;
        await peer.CommandAsync("connect");

        Assert.Equal("+OK Events Enabled", (await peer.CommandAsync("myevents")).ReplyText);
        Assert.StartsWith("+OK filter added.", (await peer.CommandAsync("filter Event-Name CHANNEL_EXECUTE_COMPLETE")).ReplyText, StringComparison.Ordinal);
        Assert.Equal("v", (await peer.CommandAsync("getvar lab")).ReplyText);
        Assert.Equal("+OK events diverted", (await peer.CommandAsync("divert_events on")).ReplyText);
        Assert.Equal("+OK", (await peer.CommandAsync("resume")).ReplyText);
        Assert.Equal("+OK", (await peer.CommandAsync("sendmsg\ncall-command: execute\nexecute-app-name: answer")).ReplyText);
        var complete = await peer.ReadFrameAsync(); // the filter lets only this through
        Assert.Equal("CHANNEL_EXECUTE_COMPLETE", complete.Event!.RawName);
    }

    [Fact]
    public async Task With_full_api_bgapi_and_event_work_as_on_an_inbound_socket()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        fs.SetApiResponse("status", "UP 0 years\n");
        using var server = new RawServer();
        var (_, peer) = await server.CallAsync(fs, new EslOutboundCallOptions { ParkDelay = null });
        await using var __ = peer;
        await peer.CommandAsync("connect");

        var api = await peer.CommandAsync("api status");
        Assert.Equal(EslContentType.ApiResponse, api.ContentType);
        Assert.Equal("UP 0 years\n", api.BodyText);
        Assert.Equal("+OK event listener enabled xml", (await peer.CommandAsync("event xml BACKGROUND_JOB CHANNEL_CREATE")).ReplyText);
        var job = await peer.CommandAsync("bgapi status");
        Assert.StartsWith("+OK Job-UUID: ", job.ReplyText, StringComparison.Ordinal);
        var done = await peer.ReadFrameAsync();
        Assert.Equal(EslContentType.EventXml, done.ContentType);
        Assert.Equal(job["Job-UUID"], done.Event!["Job-UUID"]);
        Assert.Equal("UP 0 years\n", done.Event.BodyText);

        // event (unlike myevents) hears every channel.
        string other = Guid.NewGuid().ToString();
        await fs.PublishAsync(fs.CreateEvent("CHANNEL_CREATE").AddHeader("Unique-ID", other));
        Assert.Equal(other, (await peer.ReadFrameAsync()).Event!["Unique-ID"]);
    }

    [Fact]
    public async Task Getvar_returns_the_value_or_command_not_found_and_sees_set()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var (call, peer) = await server.CallAsync(fs, new EslOutboundCallOptions { ParkDelay = null });
        await using var _ = peer;
        await peer.CommandAsync("connect");

        Assert.Equal(call.UniqueId.ToString("D"), (await peer.CommandAsync("getvar uuid")).ReplyText);
        Assert.Equal("-ERR command not found", (await peer.CommandAsync("getvar eslkit_missing")).ReplyText);
        Assert.Equal("+OK", (await peer.CommandAsync("sendmsg\ncall-command: execute\nexecute-app-name: set\nexecute-app-arg: eslkit_x=a b=c\nevent-lock: true")).ReplyText);
        await call.WaitForApplicationAsync("set");
        Assert.Equal("a b=c", (await peer.CommandAsync("getvar eslkit_x")).ReplyText);
        call.SetVariable("eslkit_y", "from the test");
        Assert.Equal("from the test", (await peer.CommandAsync("getvar eslkit_y")).ReplyText);
    }

    [Fact]
    public async Task Execute_fires_execute_and_complete_with_the_event_uuid_and_answer_fires_answer()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var (call, peer) = await server.CallAsync(fs, new EslOutboundCallOptions { ParkDelay = null });
        await using var _ = peer;
        await peer.CommandAsync("connect");
        await peer.CommandAsync("myevents");

        string uuid = Guid.NewGuid().ToString();
        Assert.Equal("+OK", (await peer.CommandAsync($"sendmsg\ncall-command: execute\nexecute-app-name: answer\nEvent-UUID: {uuid}")).ReplyText);
        var events = await ReadEventsAsync(peer, "CHANNEL_EXECUTE_COMPLETE");
        Assert.Equal(["CHANNEL_PARK", "CHANNEL_EXECUTE", "CHANNEL_ANSWER", "CHANNEL_EXECUTE_COMPLETE"], events.Select(e => e.RawName));
        Assert.Equal(uuid, events[1]["Application-UUID"]);
        Assert.Equal("answer", events[1]["Application"]);
        Assert.Null(events[1]["Application-Data"]);
        Assert.Equal("answered", events[2]["Answer-State"]);
        Assert.Equal("RINGING", events[2]["Channel-Call-State"]);
        Assert.Equal("ACTIVE", events[3]["Channel-Call-State"]);
        Assert.Equal(uuid, events[3]["Application-UUID"]);
        Assert.Equal("_none_", events[3]["Application-Response"]);
        Assert.True(call.IsAnswered);

        // Without Event-UUID the switch makes one.
        await peer.CommandAsync("sendmsg\ncall-command: execute\nexecute-app-name: log\nexecute-app-arg: INFO hi");
        var log = await ReadEventsAsync(peer, "CHANNEL_EXECUTE_COMPLETE");
        Assert.True(Guid.TryParse(log[0]["Application-UUID"], out var made));
        Assert.Equal(made.ToString(), log[1]["Application-UUID"]);
        Assert.Equal("INFO hi", log[1]["Application-Data"]);
    }

    [Fact]
    public async Task Playback_plays_for_its_duration_and_reports_file_played()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var (call, peer) = await server.CallAsync(fs, new EslOutboundCallOptions { ParkDelay = null });
        await using var _ = peer;
        await peer.CommandAsync("connect");
        await peer.CommandAsync("myevents");

        var watch = Stopwatch.StartNew();
        await peer.CommandAsync("sendmsg\ncall-command: execute\nexecute-app-name: playback\nexecute-app-arg: tone_stream://%(300,0,440)\nevent-lock: true");
        var events = await ReadEventsAsync(peer, "CHANNEL_EXECUTE_COMPLETE");
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(280), $"completed after {watch.Elapsed}");
        var complete = events[^1];
        Assert.Equal("FILE PLAYED", complete["Application-Response"]);
        Assert.Equal("tone_stream://%(300,0,440)", complete["Application-Data"]);
        Assert.Equal("300", complete["variable_playback_ms"]);
        Assert.Equal("2400", complete["variable_playback_samples"]);
        Assert.Equal("FILE PLAYED", call.Applications.Single().Response);
    }

    [Fact]
    public async Task Scripted_applications_return_their_response_and_unknown_ones_hang_up()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var options = new EslOutboundCallOptions { ParkDelay = null };
        options.Applications["play_and_get_digits"] = async (context, ct) =>
        {
            await context.DelayAsync(TimeSpan.FromMilliseconds(20), ct);
            context.SetVariable("digits", "42");
            return "42";
        };
        var (call, peer) = await server.CallAsync(fs, options);
        await using var _ = peer;
        await peer.CommandAsync("connect");
        await peer.CommandAsync("myevents");
        await peer.CommandAsync("linger");

        await peer.CommandAsync("sendmsg\ncall-command: execute\nexecute-app-name: play_and_get_digits\nexecute-app-arg: 1 2 1 5000 # x.wav y.wav digits \\d+");
        var complete = (await ReadEventsAsync(peer, "CHANNEL_EXECUTE_COMPLETE"))[^1];
        Assert.Equal("42", complete["Application-Response"]);
        Assert.Equal("42", complete["variable_digits"]);

        // An application FreeSWITCH does not have: no execute events, the channel hangs up.
        await peer.CommandAsync("sendmsg\ncall-command: execute\nexecute-app-name: nosuchapp");
        var hangup = await peer.ReadFrameAsync();
        Assert.Equal("CHANNEL_HANGUP", hangup.Event!.RawName);
        Assert.Equal("DESTINATION_OUT_OF_ORDER", hangup.Event["Hangup-Cause"]);
        Assert.Equal("DESTINATION_OUT_OF_ORDER", await call.WaitForHangupAsync());
        Assert.Empty(fs.HandlerErrors);
    }

    [Fact]
    public async Task Event_lock_makes_later_messages_wait_and_without_it_they_run_at_once()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var (_, peer) = await server.CallAsync(fs, new EslOutboundCallOptions { ParkDelay = null });
        await using var __ = peer;
        await peer.CommandAsync("connect");
        await peer.CommandAsync("myevents");
        await peer.CommandAsync("filter Event-Name /^CHANNEL_EXECUTE/");

        const string Play = "sendmsg\ncall-command: execute\nexecute-app-name: playback\nexecute-app-arg: tone_stream://%(200,0,440)";
        // Sent back to back; replies and events interleave, so only the events are compared.
        await peer.SendAsync(Play + "\nevent-lock: true\nEvent-UUID: 00000000-0000-4000-8000-000000000001\n\n");
        await peer.SendAsync(Play + "\nevent-lock: true\nEvent-UUID: 00000000-0000-4000-8000-000000000002\n\n");
        var locked = await ReadEventsAsync(peer, 4);
        Assert.Equal(["EXECUTE 1", "EXECUTE_COMPLETE 1", "EXECUTE 2", "EXECUTE_COMPLETE 2"], locked.Select(Describe));

        await peer.SendAsync(Play + "\nEvent-UUID: 00000000-0000-4000-8000-000000000003\n\n");
        await peer.SendAsync(Play + "\nEvent-UUID: 00000000-0000-4000-8000-000000000004\n\n");
        var nested = await ReadEventsAsync(peer, 4);
        Assert.Equal(["EXECUTE 3", "EXECUTE 4"], nested.Take(2).Select(Describe));

        static string Describe(EslEvent e) => $"{e.RawName["CHANNEL_".Length..]} {e["Application-UUID"]![^1]}";
    }

    [Fact]
    public async Task A_static_socket_answers_sendmsg_after_the_application_and_events_follow_the_reply()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var (_, peer) = await server.CallAsync(fs, new EslOutboundCallOptions { Async = false });
        await using var __ = peer;
        Assert.Equal("static", (await peer.CommandAsync("connect"))["Socket-Mode"]);
        await peer.CommandAsync("myevents");

        var watch = Stopwatch.StartNew();
        var reply = await peer.CommandAsync("sendmsg\ncall-command: execute\nexecute-app-name: playback\nexecute-app-arg: tone_stream://%(300,0,440)");
        Assert.Equal("+OK", reply.ReplyText);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(280), $"replied after {watch.Elapsed}");
        var events = await ReadEventsAsync(peer, "CHANNEL_EXECUTE_COMPLETE");
        Assert.Equal(["CHANNEL_EXECUTE", "CHANNEL_EXECUTE_COMPLETE"], events.Select(e => e.RawName)); // no park on a static socket

        // async: true queues it anyway: +OK at once.
        watch.Restart();
        await peer.CommandAsync("sendmsg\ncall-command: execute\nexecute-app-name: playback\nexecute-app-arg: tone_stream://%(300,0,440)\nasync: true");
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(250), $"replied after {watch.Elapsed}");
        await ReadEventsAsync(peer, "CHANNEL_EXECUTE_COMPLETE");
    }

    [Fact]
    public async Task Hangup_with_linger_sends_the_rest_then_the_linger_notice_then_the_goodbye_after_linger_time()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var options = new EslOutboundCallOptions { ParkDelay = null, ChannelName = "sofia/external/1000@127.0.0.1" };
        var (call, peer) = await server.CallAsync(fs, options);
        await using var _ = peer;
        await peer.CommandAsync("connect");
        await peer.CommandAsync("myevents");
        await peer.CommandAsync("linger 1");
        await peer.CommandAsync("sendmsg\ncall-command: execute\nexecute-app-name: answer\nevent-lock: true");
        await ReadEventsAsync(peer, "CHANNEL_EXECUTE_COMPLETE");

        await peer.CommandAsync("sendmsg\ncall-command: hangup\nhangup-cause: USER_BUSY");
        var events = await ReadEventsAsync(peer, "CHANNEL_HANGUP_COMPLETE");
        Assert.Equal(["CHANNEL_HANGUP", "CHANNEL_UNPARK", "CHANNEL_EXECUTE_COMPLETE", "CHANNEL_STATE", "CHANNEL_STATE", "CHANNEL_HANGUP_COMPLETE"], events.Select(e => e.RawName));
        Assert.Equal("USER_BUSY", events[0]["Hangup-Cause"]);
        Assert.Equal("socket", events[2]["Application"]);
        Assert.Equal(call.SocketApplicationUuid.ToString("D"), events[2]["Application-UUID"]);
        var complete = events[^1];
        Assert.Equal("USER_BUSY", complete["Hangup-Cause"]);
        Assert.Equal("17", complete["variable_hangup_cause_q850"]);
        Assert.True(long.Parse(complete["variable_billmsec"]!, System.Globalization.CultureInfo.InvariantCulture) >= 0);
        Assert.NotNull(complete["variable_duration"]);
        Assert.Equal("answer", complete["variable_last_app"]);
        Assert.Equal("none", complete["variable_digits_dialed"]);

        var notice = await peer.ReadFrameAsync();
        Assert.Equal(
            $"Content-Type: text/disconnect-notice\nControlled-Session-UUID: {call.UniqueId}\nContent-Disposition: linger\nChannel-Name: sofia/external/1000@127.0.0.1\nLinger-Time: 1\nContent-Length: 0\n\n",
            Encoding.UTF8.GetString(peer.LastFrameBytes));
        Assert.Equal(EslDisconnectDisposition.Linger, DispositionOf(notice));

        // Events keep flowing during the linger; then the goodbye and the close.
        await call.PublishAsync(call.CreateEvent("CHANNEL_DATA"));
        Assert.Equal("CHANNEL_DATA", (await peer.ReadFrameAsync()).Event!.RawName);
        var watch = Stopwatch.StartNew();
        byte[] before = peer.Received;
        await peer.ReadToEndAsync();
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(600), $"closed after {watch.Elapsed}");
        Assert.Equal(SessionGoodbye(call.UniqueId.ToString("D")), Encoding.UTF8.GetString(peer.Received[before.Length..]));
        await call.WaitForCompletionAsync();
        Assert.Equal(EslConnectionEnd.SessionEnded, call.EndReason);
    }

    [Fact]
    public async Task Hangup_without_linger_closes_at_once_and_later_events_are_lost()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var (call, peer) = await server.CallAsync(fs, new EslOutboundCallOptions { ParkDelay = null });
        await using var _ = peer;
        await peer.CommandAsync("connect");
        await peer.CommandAsync("myevents");

        await peer.CommandAsync("sendmsg\ncall-command: hangup\nhangup-cause: NORMAL_CLEARING");
        var events = await peer.ReadFramesUntilAsync(f => f.ContentType == EslContentType.DisconnectNotice);
        Assert.Equal(["CHANNEL_PARK", "CHANNEL_HANGUP"], events.Where(f => f.Event is not null).Select(f => f.Event!.RawName));
        Assert.Equal(SessionGoodbye(call.UniqueId.ToString("D")), Encoding.UTF8.GetString(peer.LastFrameBytes));
        await peer.ReadToEndAsync();
        Assert.True(peer.IsEof);
        await call.WaitForCompletionAsync();
        Assert.Equal(EslConnectionEnd.SessionEnded, call.EndReason);
    }

    [Fact]
    public async Task The_linger_notice_can_come_right_after_channel_hangup_as_in_the_2015_capture()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var (_, peer) = await server.CallAsync(fs, new EslOutboundCallOptions { ParkDelay = null, LingerNotice = EslLingerNoticePlacement.AfterHangup });
        await using var __ = peer;
        await peer.CommandAsync("connect");
        await peer.CommandAsync("myevents");
        await peer.CommandAsync("linger");

        await peer.CommandAsync("sendmsg\ncall-command: hangup");
        var frames = await peer.ReadFramesUntilAsync(f => f.Event?.RawName == "CHANNEL_HANGUP_COMPLETE");
        Assert.Equal(
            ["CHANNEL_PARK", "CHANNEL_HANGUP", "linger", "CHANNEL_UNPARK", "CHANNEL_EXECUTE_COMPLETE", "CHANNEL_STATE", "CHANNEL_STATE", "CHANNEL_HANGUP_COMPLETE"],
            frames.Select(f => f.Event?.RawName ?? DispositionOf(f).ToString().ToLowerInvariant()));
    }

    [Fact]
    public async Task With_the_notice_after_hangup_an_application_still_finishing_completes_after_it()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var options = new EslOutboundCallOptions { ParkDelay = null, LingerNotice = EslLingerNoticePlacement.AfterHangup };
        options.Applications["bridge"] = async (app, ct) =>
        {
            try
            {
                await app.DelayAsync(TimeSpan.FromMinutes(5), ct);
            }
            catch (OperationCanceledException)
            {
                await Task.Delay(200, CancellationToken.None); // the other leg takes a moment to go
            }

            return null;
        };
        var (call, peer) = await server.CallAsync(fs, options);
        await using var _ = peer;
        await peer.CommandAsync("connect");
        await peer.CommandAsync("myevents");
        await peer.CommandAsync("linger");
        await peer.CommandAsync("sendmsg\ncall-command: execute\nexecute-app-name: bridge\nexecute-app-arg: sofia/gateway/trunk/1\nevent-lock: true");
        await ReadEventsAsync(peer, "CHANNEL_EXECUTE");

        await call.HangupAsync();
        var frames = await peer.ReadFramesUntilAsync(f => f.Event?.RawName == "CHANNEL_HANGUP_COMPLETE");
        Assert.Equal(
            ["CHANNEL_HANGUP", "linger", "CHANNEL_EXECUTE_COMPLETE", "CHANNEL_UNPARK", "CHANNEL_EXECUTE_COMPLETE", "CHANNEL_STATE", "CHANNEL_STATE", "CHANNEL_HANGUP_COMPLETE"],
            frames.Select(f => f.Event?.RawName ?? DispositionOf(f).ToString().ToLowerInvariant()));
        Assert.Equal("bridge", frames[2].Event!["Application"]);
    }

    [Fact]
    public async Task Exit_says_bye_with_the_session_goodbye_and_the_channel_then_hangs_up()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var (call, peer) = await server.CallAsync(fs);
        await using var _ = peer;
        await peer.CommandAsync("connect");

        Assert.Equal("+OK bye", (await peer.CommandAsync("exit")).ReplyText);
        await peer.ReadToEndAsync();
        Assert.EndsWith(SessionGoodbye(call.UniqueId.ToString("D")), Encoding.UTF8.GetString(peer.Received), StringComparison.Ordinal);
        Assert.Equal("NORMAL_CLEARING", await call.WaitForHangupAsync());
        await call.WaitForCompletionAsync();
        Assert.Equal(EslConnectionEnd.Exit, call.EndReason);
    }

    [Fact]
    public async Task After_resume_the_channel_stays_up_when_the_socket_closes()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var events = await InboundListener.StartAsync(fs, "event plain CHANNEL_PARK CHANNEL_UNPARK CHANNEL_EXECUTE_COMPLETE CHANNEL_HANGUP_COMPLETE");
        using var server = new RawServer();
        var (call, peer) = await server.CallAsync(fs, new EslOutboundCallOptions { ParkDelay = TimeSpan.Zero });
        await using (peer)
        {
            await peer.CommandAsync("connect");
            Assert.Equal("CHANNEL_PARK", (await events.Client.ReadFrameAsync()).Event!.RawName);
            Assert.Equal("+OK", (await peer.CommandAsync("resume")).ReplyText);
            await peer.CommandAsync("exit");
            await peer.ReadToEndAsync();
        }

        var left = await events.Client.ReadFramesUntilAsync(f => f.Event?["Application"] == "socket");
        Assert.Equal("CHANNEL_UNPARK", left[^2].Event!.RawName);
        Assert.False(call.IsHungUp);
        Assert.Equal("true", call.GetVariable("socket_resume"));

        await call.HangupAsync("NORMAL_CLEARING");
        var complete = await events.Client.ReadFrameAsync();
        Assert.Equal("CHANNEL_HANGUP_COMPLETE", complete.Event!.RawName);
        await call.WaitForCompletionAsync();
    }

    [Fact]
    public async Task Divert_events_sends_dtmf_to_the_socket_without_a_subscription()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var (call, peer) = await server.CallAsync(fs);
        await using var _ = peer;
        await peer.CommandAsync("connect");

        Assert.Equal("-ERR missing value.", (await peer.CommandAsync("divert_events")).ReplyText);
        Assert.Equal("+OK events diverted", (await peer.CommandAsync("divert_events on")).ReplyText);
        await call.SendDtmfAsync("5");
        var dtmf = await peer.ReadFrameAsync();
        Assert.Equal("DTMF", dtmf.Event!.RawName);
        Assert.Equal("5", dtmf.Event["DTMF-Digit"]);

        // A sendevent addressed to the channel is queued to the session, so it is diverted too (as sent, not stamped).
        var sent = await peer.CommandAsync($"sendevent CUSTOM\nEvent-Subclass: lab::d\nUnique-ID: {call.UniqueId}");
        Assert.StartsWith("+OK ", sent.ReplyText, StringComparison.Ordinal);
        var diverted = await peer.ReadFrameAsync();
        Assert.Equal("lab::d", diverted.Event!["Event-Subclass"]);
        Assert.Null(diverted.Event["Core-UUID"]);
        Assert.Single(call.Channel.QueuedEvents);
        Assert.Equal("+OK events not diverted", (await peer.CommandAsync("divert_events off")).ReplyText);
        await call.SendDtmfAsync("6");
        Assert.True(await peer.IsQuietAsync(TimeSpan.FromMilliseconds(150)));
    }

    [Fact]
    public async Task The_far_end_presses_keys_sends_custom_events_and_hangs_up_with_a_cause()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var (call, peer) = await server.CallAsync(fs, new EslOutboundCallOptions { ParkDelay = null });
        await using var _ = peer;
        await peer.CommandAsync("connect");
        await peer.CommandAsync("myevents");
        await peer.CommandAsync("event plain CUSTOM lab::x");
        await peer.CommandAsync("linger");

        await call.SendDtmfAsync("1#", TimeSpan.FromMilliseconds(100));
        var dtmf = await ReadEventsAsync(peer, 2);
        Assert.Equal(["1", "#"], dtmf.Select(e => e["DTMF-Digit"]));
        Assert.Equal("800", dtmf[0]["DTMF-Duration"]);
        Assert.Equal("RTP", dtmf[0]["DTMF-Source"]);
        Assert.Null(dtmf[0]["variable_uuid"]); // DTMF carries no variables

        await call.PublishAsync(call.CreateEvent("CUSTOM", "lab::x").AddHeader("Lab", "1"));
        var custom = await peer.ReadFrameAsync();
        Assert.Equal("lab::x", custom.Event!["Event-Subclass"]);
        Assert.Equal(call.UniqueId.ToString("D"), custom.Event["Unique-ID"]);
        Assert.Equal(call.UniqueId.ToString("D"), custom.Event["variable_uuid"]);

        await call.HangupAsync("NO_ANSWER");
        var complete = (await ReadEventsAsync(peer, "CHANNEL_HANGUP_COMPLETE"))[^1];
        Assert.Equal("NO_ANSWER", complete["Hangup-Cause"]);
        Assert.Equal("1#", complete["variable_digits_dialed"]);
        Assert.Equal(EslDisconnectDisposition.Linger, DispositionOf(await peer.ReadFrameAsync()));
    }

    [Fact]
    public async Task A_far_end_hangup_interrupts_a_running_playback()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var options = new EslOutboundCallOptions { ParkDelay = null };
        options.PlaybackDurations["long.wav"] = TimeSpan.FromMinutes(5);
        var (call, peer) = await server.CallAsync(fs, options);
        await using var _ = peer;
        await peer.CommandAsync("connect");
        await peer.CommandAsync("myevents");
        await peer.CommandAsync("linger");
        await peer.CommandAsync("sendmsg\ncall-command: execute\nexecute-app-name: playback\nexecute-app-arg: long.wav\nevent-lock: true");
        await ReadEventsAsync(peer, "CHANNEL_EXECUTE");

        await call.HangupAsync();
        var events = await ReadEventsAsync(peer, "CHANNEL_HANGUP_COMPLETE");
        Assert.Equal(["CHANNEL_HANGUP", "CHANNEL_EXECUTE_COMPLETE", "CHANNEL_UNPARK"], events.Take(3).Select(e => e.RawName));
        Assert.Equal("PLAYBACK ERROR", events[1]["Application-Response"]);
    }

    [Fact]
    public async Task A_drop_resets_the_socket_without_a_notice_and_a_stall_holds_replies_back()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var (call, peer) = await server.CallAsync(fs);
        await using var _ = peer;
        await peer.CommandAsync("connect");

        call.Stall();
        await peer.SendAsync("linger\n\n");
        Assert.True(await peer.IsQuietAsync(TimeSpan.FromMilliseconds(200)));
        call.Resume();
        Assert.Equal("+OK will linger", (await peer.ReadFrameAsync()).ReplyText);

        long before = peer.ReceivedCount;
        await call.DropAsync();
        await peer.ReadToEndAsync();
        Assert.Equal(before, peer.ReceivedCount);
        Assert.Equal(EslConnectionEnd.Dropped, call.EndReason);
        Assert.Equal("NORMAL_CLEARING", await call.WaitForHangupAsync());
    }

    [Fact]
    public async Task An_inbound_client_sees_the_call_and_can_kill_it()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var inbound = await InboundListener.StartAsync(fs, "event plain CHANNEL_ANSWER CHANNEL_HANGUP");
        using var server = new RawServer();
        var (call, peer) = await server.CallAsync(fs, new EslOutboundCallOptions { ParkDelay = null });
        await using var _ = peer;
        await peer.CommandAsync("connect");
        await peer.CommandAsync("myevents");
        await peer.CommandAsync("sendmsg\ncall-command: execute\nexecute-app-name: answer");
        Assert.Equal("CHANNEL_ANSWER", (await inbound.Client.ReadFrameAsync()).Event!.RawName);

        var kill = await inbound.Client.CommandAsync("api uuid_kill " + call.UniqueId);
        Assert.Equal("+OK\n", kill.BodyText);
        Assert.Equal("CHANNEL_HANGUP", (await inbound.Client.ReadFrameAsync()).Event!.RawName);
        Assert.Equal("NORMAL_CLEARING", await call.WaitForHangupAsync());
        await peer.ReadFramesUntilAsync(f => f.ContentType == EslContentType.DisconnectNotice);
    }

    [Fact]
    public async Task Hundreds_of_calls_at_once_each_run_their_own_session()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        const int Count = 300;
        var accepts = Task.WhenAll(Enumerable.Range(0, Count).Select(_ => server.AcceptAsync(TimeSpan.FromSeconds(30))));
        var calls = await fs.ConnectOutboundManyAsync(server.EndPoint, Count, i => new EslOutboundCallOptions { DestinationNumber = $"7{i:D4}" });
        var peers = await accepts;
        try
        {
            await Task.WhenAll(peers.Select(async peer =>
            {
                var data = await peer.CommandAsync("connect");
                Assert.Equal("+OK Events Enabled", (await peer.CommandAsync("myevents")).ReplyText);
                await peer.SendAsync("sendmsg\ncall-command: hangup\n\n");
                var reply = (await peer.ReadFramesUntilAsync(f => f.ContentType == EslContentType.CommandReply))[^1]; // CHANNEL_PARK may come first
                Assert.Equal("+OK", reply.ReplyText);
                await peer.ReadToEndAsync(TimeSpan.FromSeconds(30));
                Assert.Contains(data["Unique-ID"]!, Encoding.UTF8.GetString(peer.Received), StringComparison.Ordinal);
            }));
            await fs.WaitForOutboundCallsAsync(TimeSpan.FromSeconds(30));
            Assert.All(calls, c => Assert.True(c.Completion.IsCompletedSuccessfully));
            Assert.Equal(Count, calls.Select(c => c.Channel.DestinationNumber).Distinct().Count());
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }
    }

    private static string SessionGoodbye(string uuid) =>
        $"Content-Type: text/disconnect-notice\nControlled-Session-UUID: {uuid}\nContent-Disposition: disconnect\nContent-Length: 67\n\n{Goodbye}";

    private static EslDisconnectDisposition DispositionOf(EslMessage message) =>
        message["Content-Disposition"] switch
        {
            "linger" => EslDisconnectDisposition.Linger,
            "disconnect" => EslDisconnectDisposition.Disconnect,
            _ => EslDisconnectDisposition.None,
        };

    private static async Task<List<EslEvent>> ReadEventsAsync(RawClient peer, string last)
    {
        var frames = await peer.ReadFramesUntilAsync(f => f.Event?.RawName == last);
        return [.. frames.Where(f => f.Event is not null).Select(f => f.Event!)];
    }

    private static async Task<List<EslEvent>> ReadEventsAsync(RawClient peer, int count)
    {
        var events = new List<EslEvent>();
        while (events.Count < count)
        {
            var frame = await peer.ReadFrameAsync();
            if (frame.Event is { } ev)
            {
                events.Add(ev);
            }
        }

        return events;
    }

    /// <summary>An inbound ESL client on the same emulator, subscribed to some events.</summary>
    private sealed class InboundListener : IDisposable
    {
        private InboundListener(RawClient client) => Client = client;

        public RawClient Client { get; }

        public static async Task<InboundListener> StartAsync(EslSwitchEmulator fs, string subscription)
        {
            var client = await RawClient.ConnectAuthenticatedAsync(fs);
            Assert.StartsWith("+OK", (await client.CommandAsync(subscription)).ReplyText, StringComparison.Ordinal);
            return new InboundListener(client);
        }

        public void Dispose() => Client.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>What idle outbound sessions cost the emulator (measured, printed; the assertions are loose bounds).</summary>
public sealed class OutboundCallCostTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Two_thousand_idle_sessions_cost_little_memory_and_no_threads()
    {
        const int Count = 2000;
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen(Count);
        var endPoint = (System.Net.IPEndPoint)listener.LocalEndPoint!;
        var peers = new List<System.Net.Sockets.Socket>(Count);
        byte[] hello = "connect\n\nmyevents\n\nlinger\n\n"u8.ToArray();
        var accepting = Task.Run(async () =>
        {
            for (int i = 0; i < Count; i++)
            {
                var peer = await listener.AcceptAsync();
                await peer.SendAsync(hello);
                peers.Add(peer);
            }
        });

        long before = GC.GetTotalMemory(forceFullCollection: true);
        int threadsBefore = Process.GetCurrentProcess().Threads.Count;
        var watch = Stopwatch.StartNew();
        var calls = await fs.ConnectOutboundManyAsync(endPoint, Count);
        await accepting.WaitAsync(TimeSpan.FromSeconds(60));
        await fs.WaitUntilAsync(() => calls.All(c => c.Connection.ReceivedCommands.Count == 3), () => "every session set up", TimeSpan.FromSeconds(60), CancellationToken.None);
        var setUp = watch.Elapsed;
        await Task.Delay(200); // let the parks fire and settle
        long after = GC.GetTotalMemory(forceFullCollection: true);
        int threadsAfter = Process.GetCurrentProcess().Threads.Count;

        double perCall = (after - before) / (double)Count / 1024;
        output.WriteLine($"{Count} sessions connected and set up (connect, myevents, linger) in {setUp.TotalMilliseconds:0} ms; managed heap {perCall:0.0} KiB per idle session; threads {threadsBefore} -> {threadsAfter}");
        Assert.True(perCall < 64, $"{perCall:0.0} KiB per idle session");
        Assert.True(threadsAfter - threadsBefore < 64, $"threads {threadsBefore} -> {threadsAfter}");

        foreach (var peer in peers)
        {
            peer.Dispose();
        }

        await fs.WaitForOutboundCallsAsync(TimeSpan.FromSeconds(60));
    }
}

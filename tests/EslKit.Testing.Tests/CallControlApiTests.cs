using EslKit.Protocol;
using EslKit.Testing.Tests.Support;

namespace EslKit.Testing.Tests;

/// <summary>mod_commands' call-control APIs, built in with FreeSWITCH's exact replies (mod_commands.c), and what they do to a call.</summary>
public sealed class CallControlApiTests
{
    private const string Unknown = "00000000-0000-0000-0000-000000000000";

    [Theory]
    [InlineData("uuid_answer " + Unknown, "-ERROR\n")]
    [InlineData("uuid_answer", "-ERROR\n")]
    [InlineData("uuid_break " + Unknown, "-ERR No such channel!\n")]
    [InlineData("uuid_break " + Unknown + " all", "-ERR No such channel!\n")]
    [InlineData("uuid_break", "-USAGE: <uuid> [all]\n")]
    [InlineData("uuid_bridge " + Unknown + " " + Unknown, "-ERR Invalid uuid\n")]
    [InlineData("uuid_bridge " + Unknown, "-USAGE: <uuid> <other_uuid>\n")]
    [InlineData("uuid_transfer " + Unknown + " 1000 XML default", "-ERR No such channel!\n")]
    [InlineData("uuid_transfer " + Unknown, "-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n")]
    [InlineData("uuid_broadcast " + Unknown + " /tmp/a.wav aleg", "-ERR invalid uuid\n")]
    [InlineData("uuid_broadcast " + Unknown, "-USAGE: <uuid> <path> [aleg|bleg|holdb|both]\n")]
    [InlineData("uuid_setvar " + Unknown + " a b", "-ERR No such channel!\n")]
    [InlineData("uuid_getvar " + Unknown + " a", "-ERR No such channel!\n")]
    [InlineData("uuid_kill " + Unknown, "-ERR No such channel!\n")]
    public async Task Unknown_channels_and_bad_usage_get_FreeSWITCH_replies(string command, string reply)
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);

        Assert.Equal(reply, (await client.CommandAsync("api " + command)).BodyText);
    }

    [Fact]
    public async Task Uuid_break_stops_the_playback_with_status_break_and_it_still_reports_file_played()
    {
        var clock = new TestClock { VirtualTimers = false };
        await using var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { TimeProvider = clock });
        using var server = new RawServer();
        var options = new EslOutboundCallOptions();
        options.PlaybackDurations["/tmp/long.wav"] = TimeSpan.FromHours(1);
        var (call, peer) = await server.CallAsync(fs, options);
        await using var _ = peer;
        await SetUpAsync(peer, subscribe: true); // myevents does not deliver PLAYBACK_START/STOP

        await peer.SendAsync("sendmsg\ncall-command: execute\nexecute-app-name: playback\nexecute-app-arg: /tmp/long.wav\nevent-lock: true\n\n");
        await peer.ReadFramesUntilAsync(f => f.Event?.RawName == "PLAYBACK_START", TimeSpan.FromSeconds(10));
        await using var inbound = await RawClient.ConnectAuthenticatedAsync(fs);
        Assert.Equal("+OK\n", (await inbound.CommandAsync($"api uuid_break {call.UniqueId}")).BodyText);

        var frames = await peer.ReadFramesUntilAsync(f => f.Event?.RawName == "CHANNEL_EXECUTE_COMPLETE", TimeSpan.FromSeconds(10));
        var stop = Assert.Single(frames, f => f.Event?.RawName == "PLAYBACK_STOP").Event!;
        Assert.Equal("break", stop["Playback-Status"]);
        Assert.Equal("FILE PLAYED", frames[^1].Event!["Application-Response"]);
        Assert.False(call.IsHungUp);
    }

    [Fact]
    public async Task Uuid_break_all_also_drops_the_queued_playbacks()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var options = new EslOutboundCallOptions();
        options.PlaybackDurations["/tmp/one.wav"] = TimeSpan.FromHours(1);
        options.PlaybackDurations["/tmp/two.wav"] = TimeSpan.FromHours(1);
        var (call, peer) = await server.CallAsync(fs, options);
        await using var _ = peer;
        await SetUpAsync(peer, subscribe: true);

        var seen = new List<EslMessage>();
        foreach (string file in new[] { "/tmp/one.wav", "/tmp/two.wav" })
        {
            Assert.Equal("+OK", await ReplyAsync(peer, $"sendmsg\ncall-command: execute\nexecute-app-name: playback\nexecute-app-arg: {file}\nevent-lock: true", seen));
        }

        if (!seen.Any(f => f.Event?.RawName == "PLAYBACK_START"))
        {
            await peer.ReadFramesUntilAsync(f => f.Event?.RawName == "PLAYBACK_START", TimeSpan.FromSeconds(10));
        }

        // FreeSWITCH queues a sendmsg before it answers +OK: a break sent right after the second +OK drops it.
        Assert.Equal(2, call.Channel.ReceivedMessages.Count);
        Assert.Equal("+OK\n", await fs.ExecuteApiAsync($"uuid_break {call.UniqueId} all"));
        await peer.ReadFramesUntilAsync(f => f.Event?.RawName == "CHANNEL_EXECUTE_COMPLETE", TimeSpan.FromSeconds(10));

        // Messages run in order: once a later one ran, the dropped playback can no longer come.
        Assert.Equal("+OK", await ReplyAsync(peer, "sendmsg\ncall-command: execute\nexecute-app-name: set\nexecute-app-arg: after=break\nevent-lock: true"));
        await call.WaitForApplicationAsync("set");
        Assert.Equal(["playback /tmp/one.wav", "set after=break"], call.Applications.Select(a => $"{a.Name} {a.Argument}"));
    }

    [Fact]
    public async Task Uuid_answer_answers_a_ringing_call_and_uuid_broadcast_plays_on_it()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        using var server = new RawServer();
        var options = new EslOutboundCallOptions { Answered = false };
        options.PlaybackDurations["/tmp/hello.wav"] = TimeSpan.FromMilliseconds(100);
        var (call, peer) = await server.CallAsync(fs, options);
        await using var _ = peer;
        await SetUpAsync(peer, subscribe: false);

        Assert.Equal("+OK\n", await fs.ExecuteApiAsync($"uuid_answer {call.UniqueId}"));
        Assert.Contains(await peer.ReadFramesUntilAsync(f => f.Event?.RawName == "CHANNEL_ANSWER", TimeSpan.FromSeconds(10)), f => f.Event?["Answer-State"] == "answered");
        Assert.True(call.IsAnswered);

        Assert.Equal("+OK Message sent\n", await fs.ExecuteApiAsync($"uuid_broadcast {call.UniqueId} /tmp/hello.wav aleg"));
        var run = await call.WaitForApplicationAsync("playback");
        Assert.Equal("/tmp/hello.wav", run.Argument);
        Assert.Equal("FILE PLAYED", run.Response);
        Assert.Equal("5", run.Message!["lead-frames"]);
        Assert.Null(run.Message.Connection);
    }

    [Fact]
    public async Task Uuid_bridge_needs_an_answered_channel_and_sets_the_bridge_variables_on_both()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var a = fs.AddChannel("sofia/external/1001");
        var b = fs.AddChannel("sofia/external/1002");
        a.AnswerState = "ringing";
        b.AnswerState = "ringing";

        Assert.Equal("-ERR Invalid uuid\n", await fs.ExecuteApiAsync($"uuid_bridge {a.UniqueId} {b.UniqueId}"));
        Assert.Equal("+OK\n", await fs.ExecuteApiAsync($"uuid_answer {b.UniqueId}"));
        Assert.Equal($"+OK {b.UniqueId}\n", await fs.ExecuteApiAsync($"uuid_bridge {a.UniqueId} {b.UniqueId}"));
        Assert.Equal(b.UniqueId.ToString(), a.GetVariable("bridge_uuid"));
        Assert.Equal(a.UniqueId.ToString(), b.GetVariable("signal_bond"));
        Assert.Equal("sofia/external/1001", b.GetVariable("bridge_channel"));
        // The fallback third argument is tried when the second fails.
        Assert.Equal($"+OK {b.UniqueId}\n", await fs.ExecuteApiAsync($"uuid_bridge {a.UniqueId} {Unknown} {b.UniqueId}"));
    }

    [Fact]
    public async Task Uuid_transfer_moves_the_channel_to_the_new_extension_and_setvar_getvar_round_trip()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var channel = fs.AddChannel("sofia/external/1001");

        Assert.Equal("+OK\n", await fs.ExecuteApiAsync($"uuid_transfer {channel.UniqueId} 2000 XML sales"));
        Assert.Equal("2000", channel.DestinationNumber);
        Assert.Equal("sales", channel.Context);
        var ev = fs.CreateChannelEvent("CHANNEL_DATA", channel);
        Assert.Equal("2000", ev.GetHeader("Caller-Destination-Number"));

        Assert.Equal("+OK\n", await fs.ExecuteApiAsync($"uuid_setvar {channel.UniqueId} greeting hello world"));
        Assert.Equal("hello world", await fs.ExecuteApiAsync($"uuid_getvar {channel.UniqueId} greeting"));
        Assert.Equal("_undef_", await fs.ExecuteApiAsync($"uuid_getvar {channel.UniqueId} nothing"));
    }

    /// <summary>Sends a command and returns its reply text, skipping the events that arrive before it.</summary>
    // connect, myevents (and the playback events): each reply read as a reply, whatever events the channel sends
    // meanwhile (once myevents is on they can come before the next command's reply).
    private static async Task SetUpAsync(RawClient peer, bool subscribe)
    {
        await ReplyAsync(peer, "connect");
        Assert.Equal("+OK Events Enabled", await ReplyAsync(peer, "myevents"));
        if (subscribe)
        {
            Assert.Equal("+OK event listener enabled plain", await ReplyAsync(peer, "event plain PLAYBACK_START PLAYBACK_STOP"));
        }
    }

    private static async Task<string?> ReplyAsync(RawClient peer, string command, List<EslMessage>? seen = null)
    {
        await peer.SendAsync(command + "\n\n");
        var frames = await peer.ReadFramesUntilAsync(f => f.ContentType == EslContentType.CommandReply, TimeSpan.FromSeconds(10));
        seen?.AddRange(frames);
        return frames[^1].ReplyText;
    }
}

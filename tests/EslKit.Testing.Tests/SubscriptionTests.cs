using System.Text;
using EslKit.Protocol;
using EslKit.Testing.Tests.Support;

namespace EslKit.Testing.Tests;

/// <summary>event, nixevent, noevents, myevents, filter, log and nolog: replies, state and what gets delivered.</summary>
public sealed class SubscriptionTests
{
    [Fact]
    public async Task Event_replies_and_subscription_state()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        var connection = await fs.WaitForAuthenticatedConnectionAsync();

        Assert.Equal("-ERR no keywords supplied", (await client.CommandAsync("event json")).ReplyText);
        Assert.Equal(EslEventFormat.Json, connection.Subscriptions.Format); // switched even though it failed
        Assert.False(connection.Subscriptions.Enabled);
        Assert.Equal("-ERR no keywords supplied", (await client.CommandAsync("event plain NOT_AN_EVENT")).ReplyText);
        Assert.Equal("+OK event listener enabled xml", (await client.CommandAsync("event xml CHANNEL_CREATE SWITCH_EVENT_CHANNEL_ANSWER CUSTOM a::b c::d")).ReplyText);
        Assert.Equal("+OK event listener enabled xml", (await client.CommandAsync("events BACKGROUND_JOB")).ReplyText); // prefix match

        var sub = connection.Subscriptions;
        Assert.True(sub.Enabled);
        Assert.Equal(EslEventFormat.Xml, sub.Format);
        Assert.Equal(["BACKGROUND_JOB", "CHANNEL_ANSWER", "CHANNEL_CREATE", "CUSTOM"], sub.EventNames);
        Assert.Equal(["a::b", "c::d"], sub.Subclasses);
        Assert.True(sub.Includes("CUSTOM", "a::b"));
        Assert.False(sub.Includes("CUSTOM", "x::y"));

        Assert.Equal("+OK events nixed", (await client.CommandAsync("nixevent CHANNEL_CREATE CUSTOM a::b")).ReplyText);
        Assert.Equal(["c::d"], connection.Subscriptions.Subclasses);
        Assert.DoesNotContain("CHANNEL_CREATE", connection.Subscriptions.EventNames);
        Assert.Equal("+OK no longer listening for events", (await client.CommandAsync("noevents")).ReplyText);
        Assert.Equal("-ERR not listening for events", (await client.CommandAsync("noevents")).ReplyText);
        Assert.False(connection.Subscriptions.Enabled);
        Assert.Empty(connection.Subscriptions.EventNames);
    }

    [Fact]
    public async Task Nixing_one_type_out_of_all_keeps_every_other_type()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        await client.CommandAsync("event plain ALL");
        await client.CommandAsync("nixevent HEARTBEAT");
        var sub = (await fs.WaitForAuthenticatedConnectionAsync()).Subscriptions;
        Assert.False(sub.All);
        Assert.Contains("CHANNEL_CREATE", sub.EventNames);
        Assert.DoesNotContain("HEARTBEAT", sub.EventNames);

        await fs.PublishHeartbeatAsync();
        await fs.PublishAsync(fs.CreateEvent("CUSTOM", "any::thing"));
        var frame = await client.ReadFrameAsync();
        Assert.Equal("any::thing", frame.Event!.Subclass); // ALL also took every custom subclass
    }

    [Fact]
    public async Task Events_arrive_in_each_connection_s_own_format()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var plain = await RawClient.ConnectAuthenticatedAsync(fs);
        await using var json = await RawClient.ConnectAuthenticatedAsync(fs);
        await using var xml = await RawClient.ConnectAuthenticatedAsync(fs);
        await plain.CommandAsync("event plain CUSTOM lab::x");
        await json.CommandAsync("event json CUSTOM lab::x");
        await xml.CommandAsync("event xml CUSTOM lab::x");

        var ev = fs.CreateEvent("CUSTOM", "lab::x").AddHeader("Lab", "100% é").SetBody("body\n");
        await fs.PublishAsync(ev);
        await fs.PublishAsync(fs.CreateEvent("CUSTOM", "lab::other")); // not subscribed

        foreach (var (client, format) in new[] { (plain, EslEventFormat.Plain), (json, EslEventFormat.Json), (xml, EslEventFormat.Xml) })
        {
            var frame = await client.ReadFrameAsync();
            Assert.Equal(format, frame.Event!.Format);
            Assert.Equal("100% é", frame.Event["Lab"]);
            Assert.Equal("body\n", frame.Event.BodyText);
            Assert.Equal(Encoding.UTF8.GetString(ev.ToFrame(format)), Encoding.UTF8.GetString(client.LastFrameBytes));
            Assert.True(await client.IsQuietAsync(TimeSpan.FromMilliseconds(100)));
        }
    }

    [Fact]
    public async Task Standard_headers_come_first_in_freeswitch_order()
    {
        var clock = new TestClock();
        clock.SetMicroseconds(1795211170719964);
        await using var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions
        {
            CoreUuid = "55f279c5-4148-43ec-904d-3e04999e457a",
            Hostname = "vm",
            IPv4 = "192.0.2.2",
            IPv6 = "fd00::2",
            TimeProvider = clock,
            FirstEventSequence = 2907,
        });
        var ev = fs.CreateEvent("HEARTBEAT");
        Assert.Equal(
            [
                "Event-Name: HEARTBEAT", "Core-UUID: 55f279c5-4148-43ec-904d-3e04999e457a", "FreeSWITCH-Hostname: vm", "FreeSWITCH-Switchname: vm",
                "FreeSWITCH-IPv4: 192.0.2.2", "FreeSWITCH-IPv6: fd00::2", "Event-Date-Local: 2026-11-20 21:46:10",
                "Event-Date-GMT: Fri, 20 Nov 2026 21:46:10 GMT", "Event-Date-Timestamp: 1795211170719964", "Event-Calling-File: switch_core.c",
                "Event-Calling-Function: send_heartbeat", "Event-Calling-Line-Number: 95", "Event-Sequence: 2907",
            ],
            ev.Headers.Select(h => h.ToString()));
        Assert.Equal(2908, fs.NextEventSequence);
        var custom = fs.CreateEvent("custom", "lab::x", "mine.c", "fire", 7);
        Assert.Equal("CUSTOM", custom.Name);
        Assert.Equal("Event-Subclass: lab::x", custom.Headers[^1].ToString());
        Assert.StartsWith("Event-Subclass: lab%3A%3Ax\nEvent-Name: CUSTOM\n", Encoding.UTF8.GetString(custom.Serialize()), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => fs.CreateEvent("NOT_AN_EVENT"));
    }

    [Fact]
    public async Task Filters_include_exclude_regex_and_ignore_case()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        await client.CommandAsync("event plain ALL");
        Assert.Equal("+OK filter added. [Event-Name]=[channel_create]", (await client.CommandAsync("filter Event-Name channel_create")).ReplyText);
        Assert.Equal("+OK filter added. [Unique-ID]=[/^aa/]", (await client.CommandAsync("filter add Unique-ID /^aa/")).ReplyText);
        Assert.Equal("+OK filter added. [Unique-ID]=[-aaa-drop]", (await client.CommandAsync("filter Unique-ID -aaa-drop")).ReplyText);
        Assert.Equal("+OK filter added. [X]=[with spaces in it]", (await client.CommandAsync("filter X with spaces in it")).ReplyText);
        Assert.Equal("-ERR invalid syntax", (await client.CommandAsync("filter Event-Name")).ReplyText);
        Assert.Equal("-ERR invalid syntax", (await client.CommandAsync("filter delete")).ReplyText);
        Assert.Equal("-ERR command not found", (await client.CommandAsync("filter")).ReplyText);
        var connection = await fs.WaitForAuthenticatedConnectionAsync();
        Assert.Equal(4, connection.Filters.Count);
        Assert.Equal(new EslEmulatorFilter("Unique-ID", "/^aa/"), connection.Filters[1]);

        await fs.PublishAsync(Tagged(fs, "CHANNEL_CREATE", "zz-1"));      // passes (case-insensitive name)
        await fs.PublishAsync(Tagged(fs, "CHANNEL_ANSWER", "aa-2"));      // passes (regex)
        await fs.PublishAsync(Tagged(fs, "CHANNEL_CREATE", "aaa-drop"));  // excluded, although included twice
        await fs.PublishAsync(Tagged(fs, "CHANNEL_ANSWER", "zz-3"));      // no include matches
        await fs.PublishAsync(Tagged(fs, "HEARTBEAT", "x").AddHeader("X", "WITH SPACES IN IT")); // passes
        Assert.Equal("zz-1", (await client.ReadFrameAsync()).Event!["Unique-ID"]);
        Assert.Equal("aa-2", (await client.ReadFrameAsync()).Event!["Unique-ID"]);
        Assert.Equal("x", (await client.ReadFrameAsync()).Event!["Unique-ID"]);
        Assert.True(await client.IsQuietAsync(TimeSpan.FromMilliseconds(100)));

        Assert.Equal("+OK filter deleted. [Unique-ID][/^aa/]", (await client.CommandAsync("filter delete Unique-ID /^aa/")).ReplyText);
        Assert.Equal(3, connection.Filters.Count);
        Assert.Equal("+OK filter deleted. [all][]", (await client.CommandAsync("filter delete all")).ReplyText);
        Assert.Empty(connection.Filters);
    }

    [Fact]
    public async Task Exclude_filters_alone_let_nothing_through()
    {
        // Once any filter exists only events matching an include pass, exactly as in FreeSWITCH.
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        await client.CommandAsync("event plain ALL");
        await client.CommandAsync("filter Event-Name -HEARTBEAT");
        await fs.PublishAsync(fs.CreateEvent("CHANNEL_CREATE"));
        Assert.True(await client.IsQuietAsync(TimeSpan.FromMilliseconds(150)));
    }

    [Fact]
    public async Task Log_levels_and_log_data_frames()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        var connection = await fs.WaitForAuthenticatedConnectionAsync();
        Assert.Equal("-ERR not loging", (await client.CommandAsync("nolog")).ReplyText);
        Assert.Equal("+OK log level  [7]", (await client.CommandAsync("log")).ReplyText);
        Assert.Equal("-ERR invalid log level", (await client.CommandAsync("log verbose")).ReplyText);
        Assert.Equal("+OK log level warning [4]", (await client.CommandAsync("log warning")).ReplyText);
        Assert.Equal(4, connection.LogLevel);

        await fs.SendLogAsync(7, "debug line\n", "a.c", "f", 1);
        await fs.SendLogAsync(3, "2026-11-20 21:47:25.199937 98.37% [ERR] b.c:2 oops\n", "b.c", "g", 2, "uuid-1", 3);
        await client.ReadFrameAsync();
        Assert.Equal(
            "Content-Type: log/data\nContent-Length: 51\nLog-Level: 3\nText-Channel: 3\nLog-File: b.c\nLog-Func: g\nLog-Line: 2\nUser-Data: uuid-1\n\n" +
            "2026-11-20 21:47:25.199937 98.37% [ERR] b.c:2 oops\n",
            Encoding.UTF8.GetString(client.LastFrameBytes));
        Assert.Equal("+OK no longer logging", (await client.CommandAsync("nolog")).ReplyText);
        Assert.Null(connection.LogLevel);
    }

    [Fact]
    public async Task Myevents_follows_one_channel_and_ends_with_it()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var channel = fs.AddChannel("sofia/external/1000");
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        Assert.Equal("-ERR not controlling a session", (await client.CommandAsync("linger")).ReplyText);
        Assert.Equal("-ERR invalid uuid", (await client.CommandAsync("myevents no-such-uuid plain")).ReplyText);
        Assert.Equal("+OK Events Enabled", (await client.CommandAsync($"myevents {channel.UniqueId}")).ReplyText);
        Assert.Equal("-ERR aready enabled.", (await client.CommandAsync($"myevents {channel.UniqueId}")).ReplyText);
        Assert.Equal("+OK will linger 5 seconds", (await client.CommandAsync("linger 5")).ReplyText);
        Assert.Equal("+OK events diverted", (await client.CommandAsync("divert_events on")).ReplyText);
        Assert.Equal("-ERR command not found", (await client.CommandAsync("getvar nothing_set")).ReplyText);
        channel.SetVariable("lab", "v 1");
        Assert.Equal("v 1", (await client.CommandAsync("getvar lab")).ReplyText);

        var other = fs.AddChannel("sofia/external/2000");
        await fs.PublishAsync(fs.CreateChannelEvent("CHANNEL_ANSWER", other));
        await fs.PublishAsync(fs.CreateChannelEvent("CUSTOM", channel, "lab::x")); // not in myevents' list
        await fs.PublishAsync(fs.CreateChannelEvent("CHANNEL_ANSWER", channel));
        var frame = await client.ReadFrameAsync();
        Assert.Equal(channel.UniqueId, frame.Event!.UniqueId);
        Assert.Equal("variable_lab", frame.Event.Headers[^1].Key);

        await fs.HangupChannelAsync(channel.UniqueId);
        var linger = await client.ReadFrameAsync();
        Assert.Equal(EslContentType.DisconnectNotice, linger.ContentType);
        Assert.Equal("linger", linger["Content-Disposition"]);
        Assert.Equal("5", linger["Linger-Time"]);
        Assert.Equal(channel.UniqueId.ToString("D"), linger["Controlled-Session-UUID"]);

        Assert.Equal("+OK bye", (await client.CommandAsync("exit")).ReplyText);
        var goodbye = await client.ReadFrameAsync();
        Assert.Equal("disconnect", goodbye["Content-Disposition"]); // the session form
        Assert.Equal(channel.UniqueId.ToString("D"), goodbye["Controlled-Session-UUID"]);
    }

    private static EslEmulatorEvent Tagged(EslSwitchEmulator fs, string name, string uuid) =>
        fs.CreateEvent(name).AddHeader("Unique-ID", uuid);

    [Fact]
    public async Task Replies_are_cut_at_511_bytes_like_freeswitch_s_reply_buffer()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        string value = new('v', 600);
        var reply = await client.CommandAsync("filter X " + value);
        Assert.Equal(("+OK filter added. [X]=[" + value + "]")[..511], reply.ReplyText);
        Assert.Equal(value, (await fs.WaitForAuthenticatedConnectionAsync()).Filters[0].Value); // the filter itself is whole
    }
}

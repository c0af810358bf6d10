using System.Net.Sockets;
using System.Text;
using EslKit.Protocol;
using EslKit.Testing.Tests.Support;

namespace EslKit.Testing.Tests;

/// <summary>Drop, stall, slow reads, raw bytes, graceful close, stop/restart, queue overflow, HEARTBEAT.</summary>
public sealed class FaultInjectionTests
{
    [Fact]
    public async Task Drop_resets_the_connection_without_a_notice()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        var connection = await fs.WaitForAuthenticatedConnectionAsync();
        long before = client.ReceivedCount;
        await connection.DropAsync();
        await client.ReadToEndAsync();
        Assert.Equal(before, client.ReceivedCount);
        Assert.Equal(EslConnectionEnd.Dropped, connection.EndReason);
        Assert.False(connection.IsConnected);
        Assert.Empty(fs.ActiveConnections);
    }

    [Fact]
    public async Task A_stalled_connection_neither_reads_nor_writes_until_resumed()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        var connection = await fs.WaitForAuthenticatedConnectionAsync();
        connection.Stall();
        Assert.True(connection.IsStalled);
        await client.SendAsync("api echo stalled\n\n");
        Assert.True(await client.IsQuietAsync(TimeSpan.FromMilliseconds(200)));
        Assert.Single(connection.ReceivedCommands); // not even read
        connection.Resume();
        Assert.Equal("stalled", (await client.ReadFrameAsync()).BodyText);

        var stall = connection.StallAsync(TimeSpan.FromMilliseconds(200));
        await client.SendAsync("api echo later\n\n");
        Assert.True(await client.IsQuietAsync(TimeSpan.FromMilliseconds(100)));
        await stall;
        Assert.Equal("later", (await client.ReadFrameAsync()).BodyText);
    }

    [Fact]
    public async Task Slow_reads_still_take_everything_in()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        var connection = await fs.WaitForAuthenticatedConnectionAsync();
        connection.ReadSlowly(512, TimeSpan.FromMilliseconds(1));
        string body = new('x', 64 * 1024);
        await client.SendAsync($"sendevent CUSTOM\nEvent-Subclass: lab::big\ncontent-length: {body.Length}\n\n{body}");
        var reply = await client.ReadFrameAsync();
        Assert.StartsWith("+OK ", reply.ReplyText, StringComparison.Ordinal);
        Assert.Equal(body, connection.ReceivedCommands[^1].BodyText);
        connection.ReadNormally();
        Assert.Equal("fast", (await client.CommandAsync("api echo fast")).BodyText);
    }

    [Fact]
    public async Task Raw_bytes_go_out_verbatim_in_order()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        var connection = await fs.WaitForAuthenticatedConnectionAsync();
        await connection.SendRawAsync("Content-Type: api/response\nContent-Length: 99999999999\n\npartial");
        await client.ReadUntilCountAsync(client.ReceivedCount + 63);
        Assert.EndsWith("Content-Length: 99999999999\n\npartial", Encoding.UTF8.GetString(client.Received), StringComparison.Ordinal);
        Assert.Equal(client.ReceivedCount, connection.BytesSent);
    }

    [Fact]
    public async Task Closing_gracefully_sends_the_notice_then_fin()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        var connection = await fs.WaitForAuthenticatedConnectionAsync();
        await connection.CloseGracefullyAsync("maintenance\n");
        await client.ReadToEndAsync();
        Assert.EndsWith("Content-Type: text/disconnect-notice\nContent-Length: 12\n\nmaintenance\n", Encoding.UTF8.GetString(client.Received), StringComparison.Ordinal);
        Assert.Equal(EslConnectionEnd.Killed, connection.EndReason);
        await Assert.ThrowsAsync<InvalidOperationException>(() => connection.SendRawAsync("x"));
    }

    [Fact]
    public async Task Stop_refuses_connections_and_restart_listens_on_the_same_port()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        int port = fs.Port;
        await using (var client = await RawClient.ConnectAuthenticatedAsync(fs))
        {
            await fs.StopAsync();
            await client.ReadToEndAsync();
            Assert.EndsWith("Content-Length: 31\n\nThe system is being shut down.\n", Encoding.UTF8.GetString(client.Received), StringComparison.Ordinal);
        }

        Assert.False(fs.IsListening);
        await Assert.ThrowsAnyAsync<SocketException>(() => RawClient.ConnectAsync(fs.EndPoint));

        await fs.RestartAsync();
        Assert.Equal(port, fs.Port);
        await using var again = await RawClient.ConnectAuthenticatedAsync(fs);
        var all = await fs.WaitForConnectionsAsync(2);
        Assert.Equal(2, all.Count);
        Assert.Equal(2, all[1].Id);
        Assert.Single(fs.ActiveConnections);
    }

    [Fact]
    public async Task Restart_without_notice_drops_everyone()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        long before = client.ReceivedCount;
        await fs.RestartAsync(notifyClients: false);
        await client.ReadToEndAsync();
        Assert.Equal(before, client.ReceivedCount);
        Assert.True(fs.IsListening);
    }

    [Fact]
    public async Task A_full_queue_loses_events_then_kills_the_listener()
    {
        await using var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { MaxQueuedEvents = 5, MaxLostEvents = 3 });
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        await client.CommandAsync("event plain ALL");
        var connection = await fs.WaitForAuthenticatedConnectionAsync();
        connection.Stall();
        for (int i = 0; i < 8; i++)
        {
            await fs.PublishHeartbeatAsync();
        }

        Assert.Equal(5, connection.QueuedEvents);
        Assert.Equal(3, connection.LostEvents);
        Assert.True(connection.IsConnected);
        await fs.PublishHeartbeatAsync(); // the 4th loss in a row
        connection.Resume();
        await client.ReadToEndAsync();
        Assert.EndsWith(
            "+OK event listener enabled plain\n\nContent-Type: text/disconnect-notice\nContent-Length: 39\n\nkilled listener because of lost events\n",
            Encoding.UTF8.GetString(client.Received),
            StringComparison.Ordinal);
        Assert.Equal(EslConnectionEnd.Killed, connection.EndReason);
    }

    [Fact]
    public async Task Heartbeats_fire_on_their_interval()
    {
        await using var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(100) });
        fs.AddChannel();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        await client.CommandAsync("event json HEARTBEAT");
        var first = (await client.ReadFrameAsync()).Event!;
        var second = (await client.ReadFrameAsync()).Event!;
        Assert.Equal("HEARTBEAT", first.RawName);
        Assert.Equal("System Ready", first["Event-Info"]);
        Assert.Equal("1", first["Session-Count"]);
        Assert.Equal("200", first["Max-Sessions"]);
        Assert.StartsWith("0 years, 0 days, 0 hours, 0 minutes, ", first["Up-Time"], StringComparison.Ordinal);
        Assert.True(long.Parse(second["Event-Sequence"]!) > long.Parse(first["Event-Sequence"]!));
    }

    [Fact]
    public async Task Waiting_for_what_never_comes_times_out_with_what_did()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        var connection = await fs.WaitForAuthenticatedConnectionAsync();
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => connection.WaitForCommandAsync("event", TimeSpan.FromMilliseconds(100)));
        Assert.Contains("auth ***", ex.Message, StringComparison.Ordinal); // the password is not shown
        await Assert.ThrowsAsync<TimeoutException>(() => fs.WaitForConnectionsAsync(2, TimeSpan.FromMilliseconds(100)));

        var waiting = fs.WaitForCommandAsync(c => c.StartsWith("event") && c.Command.Contains("CUSTOM", StringComparison.Ordinal));
        await client.CommandAsync("event plain CUSTOM lab::a");
        var received = await waiting;
        Assert.Same(connection, received.Connection);
        Assert.Equal(1, received.Index);
        Assert.Equal(["lab::a"], connection.Subscriptions.Subclasses); // already applied when the wait returns
    }

    [Fact]
    public async Task Faults_for_every_connection_at_once()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var a = await RawClient.ConnectAuthenticatedAsync(fs);
        await using var b = await RawClient.ConnectAuthenticatedAsync(fs);
        await fs.WaitForConnectionsAsync(2);

        fs.StallAll();
        await a.SendAsync("api echo a\n\n");
        await b.SendAsync("api echo b\n\n");
        Assert.True(await a.IsQuietAsync(TimeSpan.FromMilliseconds(100)));
        fs.ResumeAll();
        Assert.Equal("a", (await a.ReadFrameAsync()).BodyText);
        Assert.Equal("b", (await b.ReadFrameAsync()).BodyText);

        fs.ReadAllSlowly(16, TimeSpan.Zero);
        Assert.Equal("slow", (await a.CommandAsync("api echo slow")).BodyText);

        await fs.SendRawToAllAsync("garbage\n\n"u8.ToArray());
        await fs.CloseAllGracefullyAsync();
        await a.ReadToEndAsync();
        await b.ReadToEndAsync();
        Assert.Contains("garbage\n\nContent-Type: text/disconnect-notice\nContent-Length: 67\n", Encoding.UTF8.GetString(b.Received), StringComparison.Ordinal);
        Assert.Empty(fs.ActiveConnections);

        await using var c = await RawClient.ConnectAuthenticatedAsync(fs);
        await fs.DropAllAsync();
        await c.ReadToEndAsync();
        Assert.Equal(EslConnectionEnd.Dropped, fs.Connections[^1].EndReason);
    }

    [Fact]
    public async Task Disposing_with_a_stalled_connection_still_says_goodbye()
    {
        var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        (await fs.WaitForAuthenticatedConnectionAsync()).Stall();
        await fs.DisposeAsync();
        await client.ReadToEndAsync();
        Assert.EndsWith("The system is being shut down.\n", Encoding.UTF8.GetString(client.Received), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_match_by_prefix_ignoring_case()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        Assert.Equal("x", (await client.CommandAsync("API echo x")).BodyText);
        Assert.Equal("+OK event listener enabled plain", (await client.CommandAsync("EventS plain ALL")).ReplyText);
        Assert.Equal("-ERR invalid log level", (await client.CommandAsync("LOGGING")).ReplyText); // "log", then level "GING"
        Assert.Equal("+OK bye", (await client.CommandAsync("exitnow")).ReplyText);
    }

    [Fact]
    public async Task Listens_on_ipv6_loopback_when_asked()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return;
        }

        EslSwitchEmulator fs;
        try
        {
            fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { ListenAddress = System.Net.IPAddress.IPv6Loopback });
        }
        catch (SocketException)
        {
            return; // no ::1 on this machine
        }

        await using (fs)
        {
            await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
            Assert.Equal(System.Net.IPAddress.IPv6Loopback, fs.EndPoint.Address);
        }
    }
}

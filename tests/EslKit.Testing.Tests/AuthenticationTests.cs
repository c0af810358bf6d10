using System.Net;
using System.Text;
using EslKit.Protocol;
using EslKit.Testing.Tests.Support;

namespace EslKit.Testing.Tests;

/// <summary>auth/request, auth, userauth, the first-packet timeout and ACL rejection, as mod_event_socket does them.</summary>
public sealed class AuthenticationTests
{
    private const string Goodbye = "Content-Type: text/disconnect-notice\nContent-Length: 67\n\nDisconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";

    [Fact]
    public async Task Default_password_is_ClueCon()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        Assert.Equal("ClueCon", fs.Password);
        Assert.Equal(IPAddress.Loopback, fs.EndPoint.Address);
        Assert.NotEqual(0, fs.Port);
        await using var client = await RawClient.ConnectAuthenticatedAsync(fs);
        var connection = await fs.WaitForAuthenticatedConnectionAsync();
        Assert.True(connection.IsAuthenticated);
        Assert.Equal("auth ClueCon", connection.ReceivedCommands[0].Command);
    }

    [Fact]
    public async Task Commands_before_auth_are_not_found_and_the_connection_stays()
    {
        await using var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { AuthTimeout = TimeSpan.FromMilliseconds(300) });
        await using var client = await RawClient.ConnectAsync(fs.EndPoint);
        await client.ReadFrameAsync();
        Assert.Equal("-ERR command not found", (await client.CommandAsync("api status")).ReplyText);

        // Only the first packet is timed: after any command the connection may wait as long as it likes.
        await Task.Delay(600);
        Assert.Equal("-ERR command not found", (await client.CommandAsync("event plain ALL")).ReplyText);
        Assert.Equal("+OK accepted", (await client.CommandAsync("auth ClueCon")).ReplyText);
        Assert.Equal("+OK event listener enabled plain", (await client.CommandAsync("event plain ALL")).ReplyText);
    }

    [Fact]
    public async Task Exit_works_before_auth()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await RawClient.ConnectAsync(fs.EndPoint);
        await client.SendAsync("exit\n\n");
        await client.ReadToEndAsync();
        Assert.Equal("Content-Type: auth/request\n\nContent-Type: command/reply\nReply-Text: +OK bye\n\n" + Goodbye, Encoding.UTF8.GetString(client.Received));
        var connection = fs.Connections[0];
        await connection.WaitForCloseAsync();
        Assert.Equal(EslConnectionEnd.Exit, connection.EndReason);
    }

    [Fact]
    public async Task A_silent_client_gets_the_goodbye_after_the_auth_timeout()
    {
        await using var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { AuthTimeout = TimeSpan.FromMilliseconds(200) });
        await using var client = await RawClient.ConnectAsync(fs.EndPoint);
        await client.ReadToEndAsync();
        Assert.Equal("Content-Type: auth/request\n\n" + Goodbye, Encoding.UTF8.GetString(client.Received));
        Assert.Equal(EslConnectionEnd.AuthTimeout, fs.Connections[0].EndReason);
    }

    [Fact]
    public async Task A_half_sent_first_packet_still_times_out()
    {
        await using var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { AuthTimeout = TimeSpan.FromMilliseconds(300) });
        await using var client = await RawClient.ConnectAsync(fs.EndPoint);
        await client.SendAsync("auth Clue");
        await client.ReadToEndAsync();
        Assert.EndsWith(Goodbye, Encoding.UTF8.GetString(client.Received), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acl_rejection_is_rude_then_goodbye_then_close()
    {
        await using var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { AclRejects = peer => IPAddress.IsLoopback(peer.Address) });
        await using var client = await RawClient.ConnectAsync(fs.EndPoint);
        await client.ReadToEndAsync();
        Assert.Equal(
            "Content-Type: text/rude-rejection\nContent-Length: 24\n\nAccess Denied, go away.\n" + Goodbye,
            Encoding.UTF8.GetString(client.Received));
        Assert.Equal(EslConnectionEnd.AclRejected, fs.Connections[0].EndReason);
    }

    [Fact]
    public async Task Userauth_accepts_both_spellings_and_lists_what_is_allowed()
    {
        var options = new EslEmulatorOptions();
        options.Accounts["bob@example.com"] = new EslEmulatorAccount("s3cret");
        await using var fs = await EslSwitchEmulator.StartAsync(options);
        foreach (string credentials in new[] { "bob@example.com:s3cret", "bob:s3cret@example.com" })
        {
            await using var client = await RawClient.ConnectAsync(fs.EndPoint);
            await client.ReadFrameAsync();
            await client.SendAsync($"userauth {credentials}\n\n");
            await client.ReadFrameAsync();
            Assert.Equal(
                "Content-Type: auth/request\n\nContent-Type: command/reply\nReply-Text: +OK accepted\nAllowed-Events: all\nAllowed-API: all\nAllowed-LOG: true\n\n",
                Encoding.UTF8.GetString(client.Received));
        }

        Assert.All(fs.Connections, c => Assert.Equal("bob@example.com", c.AuthenticatedUser));
    }

    [Fact]
    public async Task Userauth_restrictions_deny_events_apis_and_log()
    {
        var options = new EslEmulatorOptions();
        options.Accounts["ops@lab"] = new EslEmulatorAccount("pw")
        {
            AllowedEvents = "CHANNEL_CREATE,CUSTOM,sofia::register",
            AllowedApi = "status,bgapi",
            AllowedLog = false,
        };
        await using var fs = await EslSwitchEmulator.StartAsync(options);
        await using var client = await RawClient.ConnectAsync(fs.EndPoint);
        await client.ReadFrameAsync();
        var reply = await client.CommandAsync("userauth ops@lab:pw");
        Assert.Equal("+OK accepted", reply.ReplyText);
        Assert.Equal("CHANNEL_CREATE,CUSTOM,sofia::register", reply["Allowed-Events"]);
        Assert.Equal("status,bgapi", reply["Allowed-API"]);
        Assert.Equal("false", reply["Allowed-LOG"]);

        Assert.Equal("+OK event listener enabled plain", (await client.CommandAsync("event plain CHANNEL_CREATE CUSTOM sofia::register")).ReplyText);
        Assert.Equal("-ERR permission denied", (await client.CommandAsync("event plain CHANNEL_ANSWER")).ReplyText);
        Assert.Equal("-ERR permission denied", (await client.CommandAsync("event plain CUSTOM sofia::unregister")).ReplyText);
        Assert.Equal("-ERR permission denied", (await client.CommandAsync("log 7")).ReplyText);
        Assert.Equal("-ERR permission denied", (await client.CommandAsync("api version")).ReplyText);
        Assert.Equal(EslContentType.ApiResponse, (await client.CommandAsync("api status")).ContentType);

        // bgapi is allowed, but so must be the command it runs.
        Assert.Equal("-ERR permission denied", (await client.CommandAsync("bgapi version")).ReplyText);
        Assert.Equal("-ERR permission denied", (await client.CommandAsync("api bgapi version")).ReplyText);
        Assert.StartsWith("+OK Job-UUID: ", (await client.CommandAsync("bgapi status")).ReplyText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("userauth bob@example.com:wrong")]
    [InlineData("userauth nobody@example.com:s3cret")]
    [InlineData("userauth bob:s3cret")]
    [InlineData("auth wrong")]
    public async Task Failed_logins_are_invalid_then_goodbye(string command)
    {
        var options = new EslEmulatorOptions();
        options.Accounts["bob@example.com"] = new EslEmulatorAccount("s3cret");
        await using var fs = await EslSwitchEmulator.StartAsync(options);
        await using var client = await RawClient.ConnectAsync(fs.EndPoint);
        await client.SendAsync(command + "\n\n");
        await client.ReadToEndAsync();
        Assert.Equal("Content-Type: auth/request\n\nContent-Type: command/reply\nReply-Text: -ERR invalid\n\n" + Goodbye, Encoding.UTF8.GetString(client.Received));
        Assert.Equal(EslConnectionEnd.AuthenticationFailed, fs.Connections[0].EndReason);
    }
}

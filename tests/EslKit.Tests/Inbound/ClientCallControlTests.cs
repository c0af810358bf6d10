using EslKit.Commands;
using EslKit.Testing;

namespace EslKit.Tests.Inbound;

/// <summary>The client's first hour: one call to connect, one to subscribe, typed call control by UUID.</summary>
public sealed class ClientCallControlTests
{
    private static EslClientOptions Options(EslSwitchEmulator fs) => new()
    {
        Port = fs.Port,
        Password = fs.Password,
        HeartbeatTimeout = null,
        CommandTimeout = TimeSpan.FromSeconds(10),
        ShutdownTimeout = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task One_call_connects_with_host_port_and_password()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();

        await using var client = await EslClient.ConnectAsync("127.0.0.1", fs.Port, fs.Password);

        Assert.Equal(EslConnectionState.Connected, client.State);
        Assert.Equal("hello", (await client.ApiAsync("echo", "hello")).Body);
        var refused = await Assert.ThrowsAsync<EslAuthenticationException>(() => EslClient.ConnectAsync("127.0.0.1", fs.Port, "not-the-password"));
        Assert.DoesNotContain("not-the-password", refused.Message, StringComparison.Ordinal);
        Assert.Equal("Port", (await Assert.ThrowsAsync<EslInvalidSettingException>(() => EslClient.ConnectAsync("127.0.0.1", 0, fs.Password))).Setting);
    }

    [Fact]
    public async Task Call_control_by_uuid_sends_the_uuid_commands_and_fails_typed_on_their_errors()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var channel = fs.AddChannel();
        var uuid = channel.UniqueId;
        var other = Guid.NewGuid();
        foreach (string command in new[] { "uuid_answer", "uuid_broadcast", "uuid_break", "uuid_bridge", "uuid_transfer" })
        {
            fs.OnApi(command, (request, _) => ValueTask.FromResult(request.Argv[0] == channel.UniqueId.ToString() ? command == "uuid_broadcast" ? "+OK Message sent\n" : "+OK\n" : command == "uuid_answer" ? "-ERROR\n" : "-ERR No such channel!\n"));
        }

        await using var client = await EslClient.ConnectAsync(Options(fs));
        var connection = await fs.WaitForAuthenticatedConnectionAsync();

        await client.AnswerAsync(uuid);
        await client.PlaybackAsync(uuid, "/tmp/a prompt.wav");
        await client.BreakAsync(uuid, all: true);
        await client.SetVariableAsync(uuid, "eslkit_step", "greeted caller");
        await client.BridgeAsync(uuid, other);
        await client.TransferAsync(uuid, "1000", "XML", "default");
        await client.HangupAsync(uuid, EslHangupCause.UserBusy);

        Assert.Equal(
            [
                $"api uuid_answer {uuid}",
                $"api uuid_broadcast {uuid} /tmp/a\\sprompt.wav aleg",
                $"api uuid_break {uuid} all",
                $"api uuid_setvar {uuid} eslkit_step greeted caller",
                $"api uuid_bridge {uuid} {other}",
                $"api uuid_transfer {uuid} 1000 XML default",
                $"api uuid_kill {uuid} USER_BUSY",
            ],
            connection.ReceivedCommands.Where(c => c.Command.StartsWith("api uuid_", StringComparison.Ordinal)).Select(c => c.Command));
        Assert.Equal("greeted caller", channel.GetVariable("eslkit_step"));

        var unknown = Guid.NewGuid();
        Assert.Equal("-ERROR\n", (await Assert.ThrowsAsync<EslCommandFailedException>(() => client.AnswerAsync(unknown))).Error);
        Assert.StartsWith("-ERR No such channel!", (await Assert.ThrowsAsync<EslCommandFailedException>(() => client.HangupAsync(unknown))).Error, StringComparison.Ordinal);
        await Assert.ThrowsAsync<EslCommandFailedException>(() => client.TransferAsync(unknown, "1000"));
        await Assert.ThrowsAsync<EslCommandFailedException>(() => client.BridgeAsync(unknown, other));
    }

    [Fact]
    public async Task Refused_values_never_reach_the_wire()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await EslClient.ConnectAsync(Options(fs));
        var connection = await fs.WaitForAuthenticatedConnectionAsync();
        var uuid = Guid.NewGuid();
        int before = connection.ReceivedCommands.Count;

        Assert.Equal("extension", (await Assert.ThrowsAsync<EslValueRejectedException>(() => client.TransferAsync(uuid, "1000\napi hupall"))).Field);
        Assert.Equal("file", (await Assert.ThrowsAsync<EslValueRejectedException>(() => client.PlaybackAsync(uuid, "${hangup()}"))).Field);
        Assert.Equal("name", (await Assert.ThrowsAsync<EslValueRejectedException>(() => client.SetVariableAsync(uuid, "bad name", "x"))).Field);
        await Assert.ThrowsAsync<ArgumentNullException>(() => client.HangupAsync(uuid, null!));
        await client.ApiAsync("echo", "marker");

        Assert.Equal(["api echo marker"], connection.ReceivedCommands.Skip(before).Select(c => c.Command));
    }

    [Fact]
    public async Task One_call_asks_for_the_events_and_streams_exactly_them()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await EslClient.ConnectAsync(Options(fs));
        var connection = await fs.WaitForAuthenticatedConnectionAsync();

        await using var answers = await client.SubscribeAsync(EslEventSelector.ForNames(EslEventName.ChannelAnswer));
        await using var gateways = await client.SubscribeAsync(EslEventSelector.ForSubclasses("sofia::gateway_state"));
        var channel = fs.AddChannel();
        await fs.PublishAsync(fs.CreateChannelEvent("CHANNEL_CREATE", channel));   // nobody asked
        await fs.PublishAsync(fs.CreateEvent("CUSTOM", "sofia::register"));          // nobody asked
        await fs.PublishAsync(fs.CreateEvent("CUSTOM", "sofia::gateway_state").AddHeader("State", "REGED"));
        await fs.PublishAsync(fs.CreateChannelEvent("CHANNEL_ANSWER", channel));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var answer = await answers.Reader.ReadAsync(timeout.Token);
        var gateway = await gateways.Reader.ReadAsync(timeout.Token);

        Assert.Equal(EslEventName.ChannelAnswer, answer.Name);
        Assert.Equal("REGED", gateway["State"]);
        Assert.False(answers.Reader.TryRead(out _));
        Assert.False(gateways.Reader.TryRead(out _));
        Assert.Contains(connection.ReceivedCommands, c => c.Command == "event plain CHANNEL_ANSWER");
        Assert.Contains(connection.ReceivedCommands, c => c.Command == "event plain CUSTOM sofia::gateway_state");
        Assert.False(connection.Subscriptions.Includes("CHANNEL_CREATE"));
    }

    [Fact]
    public async Task Disposing_a_stream_stops_only_the_events_nothing_else_wants()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = await EslClient.ConnectAsync(Options(fs));
        var connection = await fs.WaitForAuthenticatedConnectionAsync();
        List<string> Since(int from) => connection.ReceivedCommands.Skip(from).Select(c => c.Command).ToList();

        await client.RequestEventsAsync([EslEventName.ChannelCreate]);                       // asked for explicitly
        var first = await client.SubscribeAsync(EslEventSelector.ForNames(EslEventName.ChannelAnswer, EslEventName.ChannelCreate));
        var second = await client.SubscribeAsync(EslEventSelector.ForNames(EslEventName.ChannelAnswer));
        var gateways = await client.SubscribeAsync(EslEventSelector.ForSubclasses("sofia::gateway_state"));

        // Another stream still wants CHANNEL_ANSWER, and CHANNEL_CREATE was requested: nothing to stop.
        int mark = connection.ReceivedCommands.Count;
        await first.DisposeAsync();
        await client.RequestEventsAsync([EslEventName.ChannelHangup]); // runs after the release, in order
        Assert.Equal(["event plain CHANNEL_HANGUP"], Since(mark));

        // The last stream that wanted CHANNEL_ANSWER, then the only one for the subclass.
        mark = connection.ReceivedCommands.Count;
        await second.DisposeAsync();
        await gateways.DisposeAsync();
        await connection.WaitForCommandAsync(c => c.Command == "nixevent CUSTOM sofia::gateway_state");
        Assert.Equal(["nixevent CHANNEL_ANSWER", "nixevent CUSTOM sofia::gateway_state"], Since(mark));

        Assert.False(connection.Subscriptions.Includes("CHANNEL_ANSWER"));
        Assert.False(connection.Subscriptions.Includes("CUSTOM", "sofia::gateway_state"));
        Assert.True(connection.Subscriptions.Includes("CHANNEL_CREATE"));
        Assert.True(connection.Subscriptions.Includes("CHANNEL_HANGUP"));
        Assert.True(connection.Subscriptions.Includes("BACKGROUND_JOB"));

        // Stopping an explicit request that a stream still needs keeps it coming.
        await using var creates = await client.SubscribeAsync(EslEventSelector.ForNames(EslEventName.ChannelCreate));
        mark = connection.ReceivedCommands.Count;
        await client.StopEventsAsync([EslEventName.ChannelCreate, EslEventName.ChannelHangup]);
        Assert.Equal(["nixevent CHANNEL_HANGUP"], Since(mark));
        Assert.True(connection.Subscriptions.Includes("CHANNEL_CREATE"));
    }

    [Fact]
    public async Task After_a_reconnect_the_switch_is_asked_for_what_open_streams_and_requests_need()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var options = Options(fs);
        options.Reconnect = new EslReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) };
        await using var client = await EslClient.ConnectAsync(options);
        await client.RequestEventsAsync([EslEventName.ChannelCreate]);
        await using var answers = await client.SubscribeAsync(EslEventSelector.ForNames(EslEventName.ChannelAnswer));
        var gone = await client.SubscribeAsync(EslEventSelector.ForNames(EslEventName.Dtmf));
        await gone.DisposeAsync();

        await fs.DropAllAsync();
        var again = (await fs.WaitForConnectionsAsync(2))[1];
        await again.WaitForCommandAsync(c => c.Command.StartsWith("event plain", StringComparison.Ordinal));

        Assert.True(again.Subscriptions.Includes("CHANNEL_CREATE"));
        Assert.True(again.Subscriptions.Includes("CHANNEL_ANSWER"));
        Assert.False(again.Subscriptions.Includes("DTMF"));
    }
}

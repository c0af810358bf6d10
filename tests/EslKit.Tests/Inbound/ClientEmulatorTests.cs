using System.Diagnostics;
using EslKit.Commands;
using EslKit.Connections;
using EslKit.Protocol;
using EslKit.Testing;
using EslKit.Tests.Support;

namespace EslKit.Tests.Inbound;

/// <summary>The inbound client against the switch emulator over loopback: reconnect, liveness, refusals, faults.</summary>
public sealed class ClientEmulatorTests
{
    private static EslClientOptions Options(EslSwitchEmulator fs, Action<EslClientOptions>? configure = null)
    {
        var options = new EslClientOptions
        {
            Port = fs.Port,
            Password = fs.Password,
            HeartbeatTimeout = null,
            CommandTimeout = TimeSpan.FromSeconds(5),
            ShutdownTimeout = TimeSpan.FromSeconds(1),
            Reconnect = new EslReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) },
        };
        configure?.Invoke(options);
        return options;
    }

    private static Task<EslConnectionStateChangedEventArgs> NextState(EslClient client, EslConnectionState state)
    {
        var seen = new TaskCompletionSource<EslConnectionStateChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.StateChanged += (_, e) =>
        {
            if (e.Current == state)
            {
                seen.TrySetResult(e);
            }
        };
        return seen.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Reconnect_reapplies_events_filters_and_log_level_on_the_switch()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = new EslClient(Options(fs));
        await client.ConnectAsync();
        await client.RequestEventsAsync([EslEventName.ChannelAnswer], ["sofia::gateway_state"]);
        var channel = Guid.NewGuid();
        await client.AddFilterAsync("Unique-ID", channel.ToString());
        await client.SetLogLevelAsync(EslLogLevel.Info);
        await using var answers = client.OpenEventStream(EslEventSelector.ForNames(EslEventName.ChannelAnswer));
        var reconnecting = NextState(client, EslConnectionState.Reconnecting);
        var connected = NextState(client, EslConnectionState.Connected);

        await fs.RestartAsync(notifyClients: false, downtime: TimeSpan.FromMilliseconds(100));
        var lost = await reconnecting;
        await connected;

        Assert.NotNull(lost.Reason);
        var fresh = fs.ActiveConnections.Single();
        Assert.True(fresh.Subscriptions.Includes("CHANNEL_ANSWER"));
        Assert.True(fresh.Subscriptions.Includes("BACKGROUND_JOB"));
        Assert.True(fresh.Subscriptions.Includes("CUSTOM", "sofia::gateway_state"));
        Assert.False(fresh.Subscriptions.Includes("CHANNEL_HANGUP"));
        Assert.Contains(new EslEmulatorFilter("Event-Name", "BACKGROUND_JOB"), fresh.Filters);
        Assert.Contains(new EslEmulatorFilter("Unique-ID", channel.ToString()), fresh.Filters);
        Assert.Equal(6, fresh.LogLevel);

        var emulated = fs.AddChannel("sofia/external/600", channel);
        await fs.PublishAsync(fs.CreateChannelEvent("CHANNEL_ANSWER", emulated));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var answer = await answers.Reader.ReadAsync(timeout.Token);
        Assert.Equal(channel, answer.UniqueId);
        Assert.Equal("ok", (await client.ApiAsync("echo", "ok")).Body);
    }

    [Fact]
    public async Task Missing_heartbeats_make_the_client_reconnect()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = new EslClient(Options(fs, o => o.HeartbeatTimeout = TimeSpan.FromMilliseconds(400)));
        var reconnecting = NextState(client, EslConnectionState.Reconnecting);
        await client.ConnectAsync();

        Assert.True(fs.ActiveConnections.Single().Subscriptions.Includes("HEARTBEAT"));
        var lost = await reconnecting;

        Assert.Contains("HEARTBEAT", lost.Reason!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Regular_heartbeats_keep_the_connection()
    {
        // Beats every 100 ms against a 3 s timeout: a loaded 2-core CI machine delays beats, not by 30 of them.
        await using var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(100) });
        await using var client = new EslClient(Options(fs, o => o.HeartbeatTimeout = TimeSpan.FromSeconds(3)));
        var states = new List<EslConnectionState>();
        client.StateChanged += (_, e) => states.Add(e.Current);
        await client.ConnectAsync();

        await Task.Delay(4000);

        Assert.Equal(EslConnectionState.Connected, client.State);
        Assert.DoesNotContain(EslConnectionState.Reconnecting, states);
    }

    [Fact]
    public async Task An_acl_refusal_is_a_typed_access_denied_error()
    {
        await using var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { AclRejects = _ => true });
        await using var client = new EslClient(Options(fs));

        var error = await Assert.ThrowsAsync<EslAccessDeniedException>(() => client.ConnectAsync());

        Assert.Contains("ACL", error.Message, StringComparison.Ordinal);
        Assert.Equal(EslConnectionState.Disconnected, client.State);
    }

    [Fact]
    public async Task Userauth_succeeds_for_a_directory_user_and_fails_typed_otherwise()
    {
        var options = new EslEmulatorOptions();
        options.Accounts["ops@example.com"] = new EslEmulatorAccount("S3cret-Pass");
        await using var fs = await EslSwitchEmulator.StartAsync(options);
        await using var good = new EslClient(Options(fs, o => { o.User = "ops@example.com"; o.Password = "S3cret-Pass"; }));
        await using var bad = new EslClient(Options(fs, o => { o.User = "ops@example.com"; o.Password = "wrong-Pass"; }));

        await good.ConnectAsync();
        var error = await Assert.ThrowsAsync<EslAuthenticationException>(() => bad.ConnectAsync());

        Assert.Equal(EslConnectionState.Connected, good.State);
        Assert.Equal("ops@example.com", fs.Connections.First(c => c.IsAuthenticated).AuthenticatedUser);
        Assert.DoesNotContain("wrong-Pass", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_from_the_switch_drops_the_connection_with_a_protocol_error_and_reconnects()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = new EslClient(Options(fs));
        await client.ConnectAsync();
        var reconnecting = NextState(client, EslConnectionState.Reconnecting);

        await fs.SendRawToAllAsync("Content-Type: api/response\nContent-Length: twelve\n\n"u8.ToArray());
        var lost = await reconnecting;

        var protocol = Assert.IsType<EslProtocolException>(lost.Reason);
        Assert.Equal(EslProtocolError.InvalidContentLength, protocol.Error);
        await NextState(client, EslConnectionState.Connected);
    }

    [Fact]
    public async Task An_oversized_frame_fails_the_command_in_flight_typed()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        fs.SetApiResponse("show", new string('x', 4096));
        await using var client = new EslClient(Options(fs, o => o.Limits = new EslParserLimits { MaxBodyBytes = 1024 }));
        await client.ConnectAsync();

        var error = await Assert.ThrowsAsync<EslConnectionLostException>(() => client.ApiAsync("show", "channels"));

        var protocol = Assert.IsType<EslProtocolException>(error.InnerException);
        Assert.Equal(EslProtocolError.BodyTooLarge, protocol.Error);
    }

    [Fact]
    public async Task A_stalled_switch_times_commands_out_typed()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = new EslClient(Options(fs, o => o.CommandTimeout = TimeSpan.FromMilliseconds(300)));
        await client.ConnectAsync();

        fs.StallAll();
        var error = await Assert.ThrowsAsync<EslCommandTimeoutException>(() => client.ApiAsync("status"));

        Assert.Equal("api status", error.Command);
        fs.ResumeAll();
    }

    [Fact]
    public async Task A_slow_consumer_drops_the_oldest_events_and_never_stalls_the_connection()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var log = new CollectingLogger<EslClient>();
        await using var client = new EslClient(Options(fs), log);
        await client.ConnectAsync();
        await client.RequestEventsAsync([], ["lab::seq"]);
        await using var slow = client.OpenEventStream(options: new EslSubscriptionOptions { Capacity = 10, FullMode = EslBufferFullMode.DropOldest });
        await using var witness = client.OpenEventStream();

        for (int i = 0; i < 100; i++)
        {
            await fs.PublishAsync(fs.CreateEvent("CUSTOM", "lab::seq").AddHeader("N", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        // Once the witness has all 100, every subscription has been offered all 100 (one dispatch, in order).
        await ReadAsync(witness, 100);

        // The read loop kept going: a command still gets its answer while the slow consumer reads nothing.
        Assert.Equal("alive", (await client.ApiAsync("echo", "alive")).Body);
        Assert.Equal(90, slow.DroppedCount);
        var kept = new List<string?>();
        while (slow.Reader.TryRead(out var e))
        {
            kept.Add(e["N"]);
        }

        Assert.Equal(Enumerable.Range(90, 10).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), kept);
        Assert.Contains(log.Lines, l => l.EventId == 1010 && l.Text.Contains("dropped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_subscription_ends_with_a_typed_overflow_after_its_buffered_events()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = new EslClient(Options(fs));
        await client.ConnectAsync();
        await client.RequestEventsAsync([], ["lab::seq"]);
        await using var strict = client.OpenEventStream(options: new EslSubscriptionOptions { Capacity = 5, FullMode = EslBufferFullMode.Fail });
        await using var witness = client.OpenEventStream();

        for (int i = 0; i < 20; i++)
        {
            await fs.PublishAsync(fs.CreateEvent("CUSTOM", "lab::seq"));
        }

        await ReadAsync(witness, 20);
        int read = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<EslSubscriptionOverflowException>(async () =>
        {
            await foreach (var unused in strict.ReadAllAsync(timeout.Token))
            {
                read++;
            }
        });
        Assert.Equal(5, read);
    }

    [Fact]
    public async Task Channel_and_name_subscriptions_each_see_their_own_events_in_order()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = new EslClient(Options(fs));
        await client.ConnectAsync();
        await client.RequestEventsAsync(EslEventName.ChannelCreate, EslEventName.ChannelAnswer, EslEventName.ChannelHangup);
        var a = fs.AddChannel("sofia/external/100");
        var b = fs.AddChannel("sofia/external/200");
        await using var onlyA = client.OpenEventStream(EslEventSelector.ForChannel(a.UniqueId));
        await using var answers = client.OpenEventStream(EslEventSelector.ForNames(EslEventName.ChannelAnswer));

        await using var witness = client.OpenEventStream();
        foreach (var (name, channel) in new[] { ("CHANNEL_CREATE", a), ("CHANNEL_CREATE", b), ("CHANNEL_ANSWER", b), ("CHANNEL_ANSWER", a), ("CHANNEL_HANGUP", a) })
        {
            await fs.PublishAsync(fs.CreateChannelEvent(name, channel));
        }

        await ReadAsync(witness, 5);
        Assert.Equal([EslEventName.ChannelCreate, EslEventName.ChannelAnswer, EslEventName.ChannelHangup], Drain(onlyA).Select(e => e.Name));
        Assert.Equal([b.UniqueId, a.UniqueId], Drain(answers).Select(e => e.UniqueId!.Value));
    }

    [Fact]
    public async Task Close_waits_for_the_reply_in_flight()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        fs.OnApi("slow", async (request, ct) =>
        {
            await Task.Delay(300, ct);
            return "done";
        });
        var client = new EslClient(Options(fs, o => o.ShutdownTimeout = TimeSpan.FromSeconds(5)));
        await client.ConnectAsync();

        var slow = client.ApiAsync("slow");
        await fs.WaitForCommandAsync("api slow");
        await client.CloseAsync();

        Assert.Equal("done", (await slow).Body);
        Assert.Contains(fs.Connections.Single().ReceivedCommands, c => c.Command == "exit");
        Assert.Equal(EslConnectionState.Closed, client.State);
    }

    /// <summary>Reads <paramref name="count"/> events, failing after 10 s rather than hanging.</summary>
    internal static async Task<List<EslEvent>> ReadAsync(EslSubscription<EslEvent> subscription, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var items = new List<EslEvent>(count);
        while (items.Count < count)
        {
            items.Add(await subscription.Reader.ReadAsync(timeout.Token));
        }

        return items;
    }

    private static List<EslEvent> Drain(EslSubscription<EslEvent> subscription)
    {
        var items = new List<EslEvent>();
        while (subscription.Reader.TryRead(out var e))
        {
            items.Add(e);
        }

        return items;
    }
}

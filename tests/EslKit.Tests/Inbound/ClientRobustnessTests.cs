using System.Buffers;
using EslKit.Commands;
using EslKit.Connections;
using EslKit.Protocol;
using EslKit.Testing;

namespace EslKit.Tests.Inbound;

/// <summary>Regressions from the code review: closing, late subscribers, user code that throws.</summary>
public sealed class ClientRobustnessTests
{
    private static EslClient Client(EslSwitchEmulator fs) => new(new EslClientOptions
    {
        Port = fs.Port,
        Password = fs.Password,
        HeartbeatTimeout = null,
        ShutdownTimeout = TimeSpan.FromSeconds(2),
        Reconnect = new EslReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
    });

    [Fact]
    public async Task Close_with_a_cancelled_token_still_closes_everything()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var client = Client(fs);
        await client.ConnectAsync();
        await using var events = client.OpenEventStream();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await client.CloseAsync(cancelled.Token);

        Assert.Equal(EslConnectionState.Closed, client.State);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.False(await events.Reader.WaitToReadAsync(timeout.Token)); // completed, not hanging
    }

    [Fact]
    public async Task Subscriptions_opened_after_close_end_at_once()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        var client = Client(fs);
        await client.ConnectAsync();
        await client.CloseAsync();

        await using var events = client.OpenEventStream();
        await using var logs = client.SubscribeLogs();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.False(await events.Reader.WaitToReadAsync(timeout.Token));
        Assert.False(await logs.Reader.WaitToReadAsync(timeout.Token));
    }

    [Fact]
    public async Task Unsubscribing_all_keeps_bgapi_working()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = Client(fs);
        await client.ConnectAsync();
        await client.RequestEventsAsync(EslEventName.ChannelCreate);

        await client.StopEventsAsync([EslEventName.All]);
        var job = await client.BgApiAsync("echo", "still-here");

        Assert.Equal("still-here", job.Body);
        var connection = fs.ActiveConnections.Single();
        Assert.True(connection.Subscriptions.Includes("BACKGROUND_JOB"));
        Assert.False(connection.Subscriptions.Includes("CHANNEL_CREATE"));
    }

    [Fact]
    public async Task A_command_that_cannot_write_itself_fails_alone()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = Client(fs);
        await client.ConnectAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendAsync(new BrokenCommand()));
        var after = await client.ApiAsync("echo", "fine");

        Assert.Equal("broken on purpose", error.Message);
        Assert.Equal("fine", after.Body);
        Assert.Equal(EslConnectionState.Connected, client.State);
    }

    [Fact]
    public async Task A_state_handler_that_throws_does_not_stop_reconnecting()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = Client(fs);
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.StateChanged += (_, e) =>
        {
            if (e.Previous == EslConnectionState.Reconnecting && e.Current == EslConnectionState.Connected)
            {
                reconnected.TrySetResult();
            }

            throw new InvalidOperationException("handler bug");
        };
        try
        {
            await client.ConnectAsync();
        }
        catch (InvalidOperationException)
        {
            Assert.Fail("a throwing state handler must not fail ConnectAsync");
        }

        await fs.DropAllAsync();

        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("ok", (await client.ApiAsync("echo", "ok")).Body);
    }

    private readonly struct BrokenCommand : IEslCommand
    {
        public EslReplyKind ReplyKind => EslReplyKind.CommandReply;

        public void WriteTo(IBufferWriter<byte> writer) => throw new InvalidOperationException("broken on purpose");
    }
}

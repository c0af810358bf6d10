using System.Net.WebSockets;
using EslKit.AudioStream.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace EslKit.AudioStream.Tests;

/// <summary>A second connection for the same call: replaced (the default) or refused.</summary>
public sealed class ReconnectTests
{
    [Fact]
    public async Task A_reconnect_replaces_the_old_stream_after_its_handler_ended()
    {
        var handler = new RecordingHandler();
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler));
        using var first = await TestClients.ConnectAsync(host, "/audio/call-1");
        await first.SendTextAsync("{\"attempt\":1}");
        await first.SendFramesAsync(5);
        var old = await handler.WaitForRecordAsync(0);
        await Wait.UntilAsync(() => old.Frames.Count == 5, "five frames");
        var firstClosed = first.ReadUntilCloseAsync();

        using var second = await TestClients.ConnectAsync(host, "/audio/call-1");
        await second.SendTextAsync("{\"attempt\":2}");
        await second.SendFramesAsync(3, first: 100);
        var (status, description, _) = await firstClosed;
        var current = await handler.WaitForRecordAsync(1);
        await Wait.UntilAsync(() => current.Frames.Count == 3, "three frames on the new stream");

        Assert.Equal((AudioStreamCloseStatus.Replaced, "replaced by a newer connection"), (status, description));
        Assert.Equal(AudioStreamCloseReason.Replaced, old.Session.CloseReason);
        Assert.True(old.Session.Completion.IsCompleted);
        Assert.True(old.RunEndedTicks <= current.RunStartedTicks, "one handler at a time per call");
        Assert.Equal("{\"attempt\":2}", current.Session.Metadata!.Text);
        Assert.Equal(TestClients.Frame(100), current.Frames.First().Data);
        await host.WaitForLogAsync(1211);

        await second.CloseLikeTheModuleAsync();
        await Wait.For(current.Session.Completion);

        // Once the call's stream has ended, a new one is simply a new session.
        using var third = await TestClients.ConnectAsync(host, "/audio/call-1");
        await third.SendTextAsync("{\"attempt\":3}");
        var later = await handler.WaitForRecordAsync(2);
        Assert.Single(host.LogsWithId(1211));
        Assert.Null(later.Session.CloseReason);
    }

    [Fact]
    public async Task With_RefuseNew_the_second_connection_is_closed_with_4009_and_the_first_goes_on()
    {
        var handler = new RecordingHandler();
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler, o => o.DuplicatePolicy = AudioStreamDuplicatePolicy.RefuseNew));
        using var first = await TestClients.ConnectAsync(host, "/audio/call-1");
        await first.SendTextAsync("{}");
        var record = await handler.WaitForRecordAsync();

        using var second = await TestClients.ConnectAsync(host, "/audio/call-1");
        await second.SendTextAsync("{}");
        var (status, description, _) = await second.ReadUntilCloseAsync();
        await first.SendFramesAsync(4);

        Assert.Equal((AudioStreamCloseStatus.DuplicateRefused, "the call already has an audio stream"), (status, description));
        await Wait.UntilAsync(() => record.Frames.Count == 4, "the first stream goes on");
        Assert.Null(record.Session.CloseReason);
        Assert.Single(handler.Records);
        await host.WaitForLogAsync(1212);
    }
}

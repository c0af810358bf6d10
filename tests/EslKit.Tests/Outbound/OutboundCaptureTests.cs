using System.Net;
using EslKit.Protocol;
using EslKit.Tests.Support;

namespace EslKit.Tests.Outbound;

/// <summary>The outbound server driving the call a real FreeSWITCH handed over (outbound-async-full), replayed.</summary>
public sealed class OutboundCaptureTests
{
    private static EslOutboundServerOptions Options() => new() { Port = 0, CommandTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task A_session_answers_plays_and_hangs_up_as_captured()
    {
        var done = new TaskCompletionSource<(EslChannelData Channel, EslExecuteResult Answer, EslExecuteResult Playback, EslEvent HangupComplete, bool HungUp)>(TaskCreationOptions.RunContinuationsAsynchronously);
        int cleanups = 0;
        await using var server = new EslOutboundServer(Options(), async (session, ct) =>
        {
            try
            {
                var answered = session.WaitForEventAsync(EslEventName.ChannelAnswer, ct);
                var answer = await session.ExecuteAsync("answer", cancellationToken: ct);
                await answered;
                var playback = await session.ExecuteAsync("playback", "tone_stream://%(500,0,440)", ct);
                var complete = session.WaitForEventAsync(EslEventName.ChannelHangupComplete, ct);
                await session.HangupAsync("NORMAL_CLEARING", ct);
                var hangupComplete = await complete;
                done.TrySetResult((session.Channel, answer, playback, hangupComplete, session.HangupToken.IsCancellationRequested || session.IsHungUp));
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
            finally
            {
                Interlocked.Increment(ref cleanups);
            }
        });
        await server.StartAsync();

        await using var freeswitch = CaptureReplayServer.Dial("outbound-async-full", server.LocalEndPoint.Port);
        var (channel, answer, playback, hangupComplete, hungUp) = await done.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Guid.Parse("0346bc88-7af5-4981-a1d4-eb94b89fa0b0"), channel.UniqueId);
        Assert.True(channel.IsAsync);
        Assert.True(channel.IsFull);
        Assert.Equal("7000", channel.DestinationNumber);
        Assert.Equal("0000000000", channel.CallerIdNumber);
        Assert.Equal("sofia/external/0000000000@127.0.0.1", channel.ChannelName);
        Assert.Equal("answer", answer.Application);
        Assert.Equal("_none_", answer.Response);
        Assert.Equal("playback", playback.Application);
        Assert.Equal("FILE PLAYED", playback.Response);
        Assert.Equal("NORMAL_CLEARING", hangupComplete["Hangup-Cause"]);
        Assert.Equal("560", hangupComplete["variable_billmsec"]);
        Assert.True(hungUp);
        Assert.Equal(["connect", "myevents", "linger", "sendmsg", "sendmsg", "sendmsg"], freeswitch.Received.Take(6));

        await freeswitch.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        await WaitUntilAsync(() => server.ActiveSessions == 0);
        Assert.Equal(1, cleanups);
    }

    [Fact]
    public async Task The_2015_captures_connect_with_their_channel_data()
    {
        // The older FreeSWITCH sends the same connect reply: channel data as URL-encoded headers.
        var frames = FrameFeeder.ParseAll(Fixtures.Read("older-freeswitch/session-1.fs.bin"));
        var connect = frames[0];
        Assert.Equal(EslContentType.CommandReply, connect.ContentType);
        var channel = new EslChannelDataProbe(connect).Channel;
        Assert.Equal(Guid.Parse("78b86350-4fb8-4d2b-a629-1eeafd7d2f74"), channel.UniqueId);
        Assert.True(channel.IsAsync);
        Assert.True(channel.IsFull);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}

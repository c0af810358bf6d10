using EslKit.AudioStream.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace EslKit.AudioStream.Tests;

/// <summary>A handler that falls behind: the frame queue stays bounded and its full mode decides what is lost.</summary>
public sealed class FrameQueueTests
{
    [Theory]
    [InlineData(AudioFrameQueueFullMode.DropOldest, new long[] { 15, 16, 17, 18, 19 }, 15, true)]
    [InlineData(AudioFrameQueueFullMode.DropIncoming, new long[] { 0, 1, 2, 3, 4 }, 15, true)]
    [InlineData(AudioFrameQueueFullMode.Wait, new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19 }, 0, true)]
    [InlineData(AudioFrameQueueFullMode.DropOldest, new long[] { 15, 16, 17, 18, 19 }, 15, false)]
    [InlineData(AudioFrameQueueFullMode.Wait, new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19 }, 0, false)]
    public async Task The_full_mode_decides_which_frames_a_slow_handler_gets(AudioFrameQueueFullMode mode, long[] expected, long dropped, bool inline)
    {
        var read = new List<long>();
        var handler = new RecordingHandler
        {
            ReadFrames = false,
            Act = async (record, _) =>
            {
                // Fall behind: read nothing until everything has arrived (or, when waiting, until the queue is full).
                await Wait.UntilAsync(() => record.Session.FramesReceived >= (mode == AudioFrameQueueFullMode.Wait ? 5 : 20), "frames to pile up");
                await foreach (var frame in record.Session.Frames.ReadAllAsync(CancellationToken.None))
                {
                    using (frame)
                    {
                        Assert.Equal(TestClients.Frame((int)frame.Sequence), frame.Span.ToArray());
                        read.Add(frame.Sequence);
                    }
                }
            },
        };
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler, o =>
        {
            o.FrameQueueCapacity = 5;
            o.FrameQueueFullMode = mode;
            o.DeliverFramesInline = inline;
        }));
        using var client = await TestClients.ConnectAsync(host, "/audio/x");
        await client.SendTextAsync("{}");
        await client.SendFramesAsync(20);
        var record = await handler.WaitForRecordAsync();
        await Wait.UntilAsync(() => record.Session.FramesReceived == 20, "20 frames received");
        await client.CloseLikeTheModuleAsync();
        await Wait.For(record.Session.Completion);

        Assert.Equal(expected, read);
        Assert.Equal(dropped, record.Session.FramesDropped);
        Assert.Equal(dropped > 0 ? 1 : 0, host.LogsWithId(1214).Count); // logged once, the total at the end
        Assert.Contains($"{dropped} dropped", host.LogsWithId(1201).Single().Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Frames_are_reused_a_steady_stream_creates_only_a_handful(bool inline)
    {
        var handler = new RecordingHandler();
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler, o =>
        {
            o.FrameQueueFullMode = AudioFrameQueueFullMode.Wait;
            o.DeliverFramesInline = inline;
        }));
        using var client = await TestClients.ConnectAsync(host, "/audio/x");
        await client.SendTextAsync("{}");
        await client.SendFramesAsync(500);
        var record = await handler.WaitForRecordAsync();
        await Wait.UntilAsync(() => record.Frames.Count == 500, "500 frames");

        // Bounded by the queue (50) plus the frame being received and the one in the handler's hands.
        Assert.InRange(record.Session.FramesCreated, 1, 52);
        await client.CloseLikeTheModuleAsync();
    }
}

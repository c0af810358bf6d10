using System.Net.WebSockets;
using System.Text.Json;
using EslKit.AudioStream.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace EslKit.AudioStream.Tests;

/// <summary>What goes back to mod_audio_stream: streamAudio exactly, text, in order, refused when it cannot be sent.</summary>
public sealed class SendTests
{
    [Fact]
    public async Task StreamAudio_and_text_arrive_in_the_order_they_were_queued()
    {
        var first = TestClients.Frame(1, 3200);
        var second = TestClients.Frame(2, 320);
        var handler = new RecordingHandler
        {
            Act = async (record, ct) =>
            {
                var a = record.Session.SendStreamAudioAsync(first, 16000, ct).AsTask();
                var b = record.Session.SendTextAsync("{\"note\":\"between\"}", ct).AsTask();
                var c = record.Session.SendStreamAudioAsync(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(second), 8000, ct).AsTask();
                await a;
                await b;
                await c;
                await record.Session.CloseAsync();
            },
        };
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler));
        using var client = await TestClients.ConnectAsync(host, "/audio/x");
        await client.SendTextAsync("{}");
        var (status, _, texts) = await client.ReadUntilCloseAsync();

        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        Assert.Equal(
            [
                "{\"type\":\"streamAudio\",\"data\":{\"audioDataType\":\"raw\",\"sampleRate\":16000,\"audioData\":\"" + Convert.ToBase64String(first) + "\"}}",
                "{\"note\":\"between\"}",
                "{\"type\":\"streamAudio\",\"data\":{\"audioDataType\":\"raw\",\"sampleRate\":8000,\"audioData\":\"" + Convert.ToBase64String(second) + "\"}}",
            ],
            texts);
    }

    [Fact]
    public async Task A_queued_send_can_be_taken_back_and_sends_after_the_close_fail_typed()
    {
        AudioStreamClosedException? afterClose = null;
        bool cancelled = false;
        var handler = new RecordingHandler
        {
            ReadFrames = false,
            Act = async (record, ct) =>
            {
                using var bargeIn = new CancellationTokenSource();
                await bargeIn.CancelAsync();
                try
                {
                    await record.Session.SendStreamAudioAsync(new byte[640], 16000, bargeIn.Token);
                }
                catch (OperationCanceledException)
                {
                    cancelled = true;
                }

                await record.Session.CloseAsync();
                afterClose = await Assert.ThrowsAsync<AudioStreamClosedException>(async () => await record.Session.SendTextAsync("late", CancellationToken.None));
            },
        };
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler));
        using var client = await TestClients.ConnectAsync(host, "/audio/x");
        await client.SendTextAsync("{}");
        var (_, _, texts) = await client.ReadUntilCloseAsync();
        var record = await handler.WaitForRecordAsync();
        await Wait.For(record.Session.Completion);

        Assert.True(cancelled);
        Assert.Empty(texts);
        Assert.Equal(AudioStreamCloseReason.Application, afterClose!.Reason);
    }

    [Fact]
    public async Task Bad_audio_is_refused_before_it_is_queued()
    {
        var errors = new List<Exception>();
        var handler = new RecordingHandler
        {
            ReadFrames = false,
            Act = (record, ct) =>
            {
                errors.Add(Assert.Throws<ArgumentException>(() => { _ = record.Session.SendStreamAudioAsync(new byte[641], 16000, ct).AsTask(); }));
                errors.Add(Assert.Throws<ArgumentException>(() => { _ = record.Session.SendStreamAudioAsync(ReadOnlySpan<byte>.Empty, 16000, ct).AsTask(); }));
                errors.Add(Assert.Throws<ArgumentOutOfRangeException>(() => { _ = record.Session.SendStreamAudioAsync(new byte[640], 11025, ct).AsTask(); }));
                errors.Add(Assert.Throws<ArgumentOutOfRangeException>(() => { _ = record.Session.SendStreamAudioAsync(new byte[2 * 1024 * 1024], 16000, ct).AsTask(); }));
                errors.Add(Assert.Throws<ArgumentOutOfRangeException>(() => { _ = record.Session.CloseAsync((WebSocketCloseStatus)1006, "no"); }));
                errors.Add(Assert.Throws<ArgumentOutOfRangeException>(() => { _ = record.Session.CloseAsync((WebSocketCloseStatus)4000, new string('x', 124)); }));
                return Task.CompletedTask;
            },
        };
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler, o => o.MaxQueuedSendBytes = 1024 * 1024));
        using var client = await TestClients.ConnectAsync(host, "/audio/x");
        await client.SendTextAsync("{}");
        var (status, _, texts) = await client.ReadUntilCloseAsync();
        Assert.Equal(6, errors.Count);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        Assert.Empty(texts);
    }

    [Fact]
    public async Task What_was_queued_before_the_handler_returned_is_sent_before_the_close()
    {
        var handler = new RecordingHandler
        {
            ReadFrames = false,
            Act = (record, ct) =>
            {
                for (int i = 0; i < 10; i++)
                {
                    _ = record.Session.SendTextAsync($"{{\"n\":{i}}}", ct).AsTask();
                }

                return Task.CompletedTask;
            },
        };
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler));
        using var client = await TestClients.ConnectAsync(host, "/audio/x");
        await client.SendTextAsync("{}");
        var (status, _, texts) = await client.ReadUntilCloseAsync();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => JsonSerializer.Serialize(new { n = i })), texts);
    }
}

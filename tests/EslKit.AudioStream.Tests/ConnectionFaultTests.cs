using System.Net.Sockets;
using System.Net.WebSockets;
using EslKit.AudioStream.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace EslKit.AudioStream.Tests;

/// <summary>Clients that stop reading, vanish or never answer: bounded, detected, closed, logged.</summary>
public sealed class ConnectionFaultTests
{
    [Fact]
    public async Task A_client_that_stops_reading_fills_a_bounded_queue_then_times_out_and_is_aborted()
    {
        int refused = 0;
        var failures = new List<Exception>();
        var audio = new byte[48_000]; // 1.5 s at 16 kHz: 64 KB of base64 per message
        var handler = new RecordingHandler
        {
            Act = async (record, ct) =>
            {
                var sends = new List<Task>();
                for (int i = 0; i < 5000 && !ct.IsCancellationRequested; i++)
                {
                    var send = record.Session.SendStreamAudioAsync(audio, 16000, CancellationToken.None).AsTask();
                    if (send.IsFaulted && send.Exception!.InnerException is AudioStreamSendQueueFullException)
                    {
                        refused++;
                        await Task.Delay(10, CancellationToken.None);
                        continue;
                    }

                    sends.Add(send);
                }

                foreach (var send in sends)
                {
                    try
                    {
                        await send;
                    }
                    catch (AudioStreamClosedException exception)
                    {
                        failures.Add(exception);
                    }
                }
            },
        };
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler, o =>
        {
            o.SendQueueCapacity = 4;
            o.MaxQueuedSendBytes = 1024 * 1024;
            o.SendTimeout = TimeSpan.FromSeconds(1);
            o.KeepAliveInterval = TimeSpan.Zero;
        }));

        // The module's handshake and metadata, then silence: it never reads a byte (a 4 KB receive window).
        await using var client = await RawWebSocketClient.ConnectAsync(host.Port, receiveBufferBytes: 4096);
        await client.SendAsync(ClientFrames.UpgradeRequest("/audio/stuck"));
        await client.SendAsync(ClientFrames.MaskedText("{\"callId\":\"stuck\"}"));
        var record = await handler.WaitForRecordAsync();
        await Wait.For(record.Session.Completion);

        Assert.True(AudioStreamCloseReason.SendTimeout == record.Session.CloseReason, string.Join("\n", host.Logs.GetSnapshot().Select(r => r.Message + " " + r.Exception)));
        Assert.True(refused > 0, "a full queue refuses sends at once");
        Assert.NotEmpty(failures);
        Assert.All(failures, f => Assert.Equal(AudioStreamCloseReason.SendTimeout, ((AudioStreamClosedException)f).Reason));
        Assert.Single(host.LogsWithId(1209));
        Assert.NotEmpty(host.LogsWithId(1219));
        Assert.Equal(0, record.Session.QueuedSendBytes);
    }

    [Fact]
    public async Task An_abrupt_drop_ends_the_session_as_connection_lost_and_the_handler_sees_its_frames_end()
    {
        var handler = new RecordingHandler();
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler));
        var client = await RawWebSocketClient.ConnectAsync(host.Port);
        await client.SendAsync(ClientFrames.UpgradeRequest("/audio/dropped"));
        await client.SendAsync(ClientFrames.MaskedText("{}"));
        for (int i = 0; i < 10; i++)
        {
            await client.SendAsync(ClientFrames.Masked(ClientFrames.Binary, TestClients.Frame(i)));
        }

        var record = await handler.WaitForRecordAsync();
        await Wait.UntilAsync(() => record.Frames.Count == 10, "ten frames");
        client.Reset(); // TCP RST, no close frame
        await Wait.For(record.Session.Completion);

        Assert.Equal(AudioStreamCloseReason.ConnectionLost, record.Session.CloseReason);
        Assert.Null(record.Session.CloseStatus);
        Assert.True(record.TokenCancelledAtEnd);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => TestClients.Frame(i)), record.Frames.Select(f => f.Data));
        await host.WaitForLogAsync(1210);
    }

    [Fact]
    public async Task A_connection_that_ends_without_a_close_frame_is_connection_lost()
    {
        var handler = new RecordingHandler();
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler));
        await using var client = await RawWebSocketClient.ConnectAsync(host.Port);
        await client.SendAsync(ClientFrames.UpgradeRequest("/audio/fin"));
        await client.SendAsync(ClientFrames.MaskedText("{}"));
        var record = await handler.WaitForRecordAsync();
        await client.DisposeAsync(); // FIN, no close frame
        await Wait.For(record.Session.Completion);
        Assert.Equal(AudioStreamCloseReason.ConnectionLost, record.Session.CloseReason);
    }

    [Fact]
    public async Task A_client_that_never_answers_pings_is_aborted_by_the_keep_alive()
    {
        var handler = new RecordingHandler();
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler, o =>
        {
            o.KeepAliveInterval = TimeSpan.FromMilliseconds(200);
            o.KeepAliveTimeout = TimeSpan.FromMilliseconds(500);
        }));
        await using var client = await RawWebSocketClient.ConnectAsync(host.Port);
        await client.SendAsync(ClientFrames.UpgradeRequest("/audio/silent"));
        await client.SendAsync(ClientFrames.MaskedText("{}"));
        var record = await handler.WaitForRecordAsync();
        await Wait.For(record.Session.Completion);

        Assert.True(AudioStreamCloseReason.KeepAliveTimeout == record.Session.CloseReason, string.Join("\n", host.Logs.GetSnapshot().Select(r => r.Message + " " + r.Exception)));
        await host.WaitForLogAsync(1218);
    }

    [Fact]
    public async Task A_client_that_answers_pings_outlives_many_keep_alive_timeouts()
    {
        var handler = new RecordingHandler();
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler, o =>
        {
            o.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
            o.KeepAliveTimeout = TimeSpan.FromMilliseconds(2000);
        }));
        using var client = await TestClients.ConnectAsync(host, "/audio/alive");
        var closing = client.ReadUntilCloseAsync(); // a pending receive answers the server's pings
        await client.SendTextAsync("{}");
        var record = await handler.WaitForRecordAsync();
        for (int i = 0; i < 30; i++)
        {
            await client.SendFramesAsync(1, first: i);
            await Task.Delay(100);
        }

        await record.Session.CloseAsync();
        await closing;
        Assert.Equal(AudioStreamCloseReason.Application, record.Session.CloseReason);
        Assert.Equal(30, record.Frames.Count);
    }

    [Fact]
    public async Task Text_that_is_not_UTF8_is_a_protocol_error_closed_by_the_runtime_with_1007()
    {
        var handler = new RecordingHandler();
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler));

        // The runtime aborts the connection right after writing its close frame, and now and then the abort's reset
        // overtakes the frame on loopback: so up to five connections, until one reads the frame. Every one of them
        // is a protocol error to the session.
        ServerFrame? close = null;
        for (int attempt = 0; attempt < 5 && close is null; attempt++)
        {
            await using var client = await RawWebSocketClient.ConnectAsync(host.Port);
            await client.SendAsync(ClientFrames.UpgradeRequest("/audio/garbled-" + attempt));
            await client.SendAsync(ClientFrames.MaskedText("{}"));
            var record = await handler.WaitForRecordAsync(attempt);
            await client.SendAsync(ClientFrames.Masked(ClientFrames.Text, [0xC3, 0x28]));
            await client.ReadResponseHeadAsync();
            try
            {
                close = await client.ReadFrameAsync();
            }
            catch (SocketException)
            {
                // reset first: try again
            }

            await Wait.For(record.Session.Completion);
            Assert.Equal(AudioStreamCloseReason.ProtocolError, record.Session.CloseReason);
        }

        Assert.NotNull(close);
        Assert.Equal(0x88, close.Value.First);
        Assert.Equal(1007, close.Value.CloseCode);
        await host.WaitForLogAsync(1216);
    }

    [Fact]
    public async Task Without_RequireMetadata_the_handler_runs_at_once_and_the_metadata_fills_in_later()
    {
        AudioStreamMetadata? atStart = null;
        var handler = new RecordingHandler
        {
            ReadFrames = false,
            Act = async (record, ct) =>
            {
                atStart = record.Session.Metadata;
                var later = await record.Session.WaitForMetadataAsync(ct);
                await record.Session.SendTextAsync("got " + later!.Text, ct);
            },
        };
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler, o => o.RequireMetadata = false));
        using var client = await TestClients.ConnectAsync(host, "/audio/x");
        await client.SendFramesAsync(2);
        var record = await handler.WaitForRecordAsync();
        await client.SendTextAsync("{\"late\":true}");
        var (status, _, texts) = await client.ReadUntilCloseAsync();

        Assert.Null(atStart);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        Assert.Equal(["got {\"late\":true}"], texts);
        Assert.Equal(2, record.Session.Metadata!.FramesBefore);
    }
}

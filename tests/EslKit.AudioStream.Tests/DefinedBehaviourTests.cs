using System.Diagnostics.Metrics;
using System.Net;
using System.Net.WebSockets;
using EslKit.AudioStream.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EslKit.AudioStream.Tests;

/// <summary>Each fault a stream can meet gets its close code, its log line and its metric — and the server goes on.</summary>
public sealed class DefinedBehaviourTests
{
    [Fact]
    public async Task An_unknown_call_is_closed_with_4004_logged_and_counted()
    {
        var handler = new RecordingHandler { KnownCalls = ["known"] };
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler));
        using var closes = Closes(host);

        using var client = await TestClients.ConnectAsync(host, "/audio/nobody");
        await client.SendTextAsync("{\"callId\":\"nobody\"}");
        await client.SendFramesAsync(3);
        var (status, description, _) = await client.ReadUntilCloseAsync();

        Assert.Equal(AudioStreamCloseStatus.UnknownCall, status);
        Assert.Equal("unknown call", description);
        await host.WaitForLogAsync(1204);
        Assert.Contains("/audio/nobody", host.LogsWithId(1204)[0].Message, StringComparison.Ordinal);
        await Wait.UntilAsync(() => Count(closes, "admission_rejected") == 1, "the close metric");
        Assert.Empty(handler.Records);

        // The server goes on: a known call is served.
        using var known = await TestClients.ConnectAsync(host, "/audio/known");
        await known.SendTextAsync("{}");
        await known.SendFramesAsync(2);
        var record = await handler.WaitForRecordAsync();
        await Wait.UntilAsync(() => record.Frames.Count == 2, "two frames");
    }

    [Fact]
    public async Task Metadata_the_application_rejects_closes_with_its_code_and_reason()
    {
        var handler = new RecordingHandler
        {
            MetadataRule = m => !m.IsJson ? AudioStreamDecision.Reject("metadata is not JSON")
                : m.TryGetString("tenant", out string? tenant) && tenant == "7" ? AudioStreamDecision.Accept
                : AudioStreamDecision.Reject((WebSocketCloseStatus)4100, "wrong tenant"),
        };
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler));

        using var notJson = await TestClients.ConnectAsync(host, "/audio/a");
        await notJson.SendTextAsync("hello");
        var first = await notJson.ReadUntilCloseAsync();
        using var wrongTenant = await TestClients.ConnectAsync(host, "/audio/b");
        await wrongTenant.SendTextAsync("{\"callId\":\"b\",\"tenant\":8}");
        var second = await wrongTenant.ReadUntilCloseAsync();
        using var right = await TestClients.ConnectAsync(host, "/audio/c");
        await right.SendTextAsync("{\"callId\":\"c\",\"tenant\":7}");
        var record = await handler.WaitForRecordAsync();

        Assert.Equal((AudioStreamCloseStatus.MetadataRejected, "metadata is not JSON"), (first.Status, first.Description));
        Assert.Equal(((WebSocketCloseStatus)4100, "wrong tenant"), (second.Status, second.Description));
        Assert.Equal("c", record.Session.CallId);
        await Wait.UntilAsync(() => host.LogsWithId(1205).Count == 2, "two rejection log lines");
        Assert.DoesNotContain(host.LogsWithId(1205), r => r.Message.Contains("tenant\":8", StringComparison.Ordinal)); // the metadata text is never logged
    }

    [Fact]
    public async Task No_metadata_in_time_closes_with_4008()
    {
        var time = new FakeTimeProvider();
        var handler = new RecordingHandler();
        await using var host = await AudioStreamTestHost.StartAsync(
            app => app.MapAudioStream("/audio/{callId}", handler, o => o.MetadataTimeout = TimeSpan.FromSeconds(5)),
            services => services.AddSingleton<TimeProvider>(time));

        using var client = await TestClients.ConnectAsync(host, "/audio/quiet");
        await client.SendFramesAsync(5);
        var close = client.ReadUntilCloseAsync();
        while (!close.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(close, Task.Delay(20));
        }

        var (status, description, _) = await close;
        Assert.Equal(AudioStreamCloseStatus.MetadataTimeout, status);
        Assert.Equal("no metadata", description);
        await host.WaitForLogAsync(1206);
        Assert.Empty(handler.Records);
    }

    [Theory]
    [InlineData(641, true)] // not whole samples
    [InlineData(320, true)] // 10 ms: whole samples, not whole 20 ms frames
    [InlineData(641, false)]
    public async Task A_frame_of_the_wrong_size_closes_with_1007(int size, bool requireWholeFrames)
    {
        var handler = new RecordingHandler();
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler, o => o.RequireWholeFrames = requireWholeFrames));

        using var client = await TestClients.ConnectAsync(host, "/audio/x");
        await client.SendTextAsync("{}");
        await client.SendFramesAsync(2);
        await client.SendAsync(new byte[size], WebSocketMessageType.Binary, true, CancellationToken.None);
        var (status, description, _) = await client.ReadUntilCloseAsync();

        Assert.Equal(AudioStreamCloseStatus.InvalidFrame, status);
        Assert.Equal("invalid audio frame size", description);
        var record = await handler.WaitForRecordAsync();
        await Wait.For(record.Session.Completion);
        Assert.Equal(2, record.Frames.Count); // the good frames before it were delivered
        Assert.Equal(AudioStreamCloseReason.InvalidFrame, record.Session.CloseReason);
        Assert.Contains($"has {size} bytes", host.LogsWithId(1207).Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ten_millisecond_frames_are_accepted_when_whole_frames_are_not_required()
    {
        var handler = new RecordingHandler();
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler, o => o.RequireWholeFrames = false));
        using var client = await TestClients.ConnectAsync(host, "/audio/x");
        await client.SendTextAsync("{}");
        await client.SendFramesAsync(3, size: 320);
        await client.CloseLikeTheModuleAsync();
        var record = await handler.WaitForRecordAsync();
        await Wait.For(record.Session.Completion);
        Assert.Equal(3, record.Frames.Count);
        Assert.Equal(AudioStreamCloseReason.ClientClosed, record.Session.CloseReason);
    }

    [Theory]
    [InlineData(WebSocketMessageType.Binary, true)]
    [InlineData(WebSocketMessageType.Binary, false)] // the same bytes as many small WebSocket frames of one message
    [InlineData(WebSocketMessageType.Text, true)]
    public async Task An_oversized_message_closes_with_1009(WebSocketMessageType type, bool oneFrame)
    {
        var handler = new RecordingHandler();
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler, o => o.MaxMessageBytes = 4096));
        using var client = await TestClients.ConnectAsync(host, "/audio/x");
        await client.SendTextAsync("{}");
        var big = new byte[640 * 100];
        big.AsSpan().Fill((byte)'a');
        if (oneFrame)
        {
            await client.SendAsync(big, type, true, CancellationToken.None);
        }
        else
        {
            for (int at = 0; at < big.Length; at += 640)
            {
                await client.SendAsync(big.AsMemory(at, 640), type, at + 640 == big.Length, CancellationToken.None);
            }
        }

        var (status, description, _) = await client.ReadUntilCloseAsync();
        Assert.Equal(AudioStreamCloseStatus.MessageTooBig, status);
        Assert.Equal("message too big", description);
        await host.WaitForLogAsync(1208);
        Assert.Contains($"a {type} message exceeded 4096 bytes", host.LogsWithId(1208).Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_handler_closes_with_1011_and_the_server_goes_on()
    {
        var failing = new RecordingHandler { Act = (_, _) => throw new InvalidOperationException("boom") };
        var admitFails = new RecordingHandler { AdmitFailure = new InvalidOperationException("admission boom") };
        await using var host = await AudioStreamTestHost.StartAsync(app =>
        {
            app.MapAudioStream("/audio/{callId}", failing);
            app.MapAudioStream("/broken/{callId}", admitFails);
        });

        using var client = await TestClients.ConnectAsync(host, "/audio/x");
        await client.SendTextAsync("{}");
        var run = await client.ReadUntilCloseAsync();
        using var client2 = await TestClients.ConnectAsync(host, "/broken/x");
        var admit = await client2.ReadUntilCloseAsync();

        Assert.Equal((AudioStreamCloseStatus.HandlerFailed, "internal error"), (run.Status, run.Description));
        Assert.Equal((AudioStreamCloseStatus.HandlerFailed, "internal error"), (admit.Status, admit.Description));
        await Wait.UntilAsync(() => host.LogsWithId(1213).Count == 2, "two handler failure lines");
        Assert.Contains(host.LogsWithId(1213), r => r.Exception?.Message == "boom");
        Assert.Equal(AudioStreamCloseReason.HandlerFailed, failing.Records[0].Session.CloseReason);
    }

    [Fact]
    public async Task A_plain_HTTP_request_gets_400_and_one_past_MaxSessions_gets_503()
    {
        var handler = new RecordingHandler();
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler, o => o.MaxSessions = 1));
        using var http = new HttpClient();
        var plain = await http.GetAsync(new Uri($"http://127.0.0.1:{host.Port}/audio/x"));
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);

        using var first = await TestClients.ConnectAsync(host, "/audio/one");
        await first.SendTextAsync("{}");
        await handler.WaitForRecordAsync();
        await using var second = await RawWebSocketClient.ConnectAsync(host.Port);
        await second.SendAsync(ClientFrames.UpgradeRequest("/audio/two"));
        string head = await second.ReadResponseHeadAsync();
        Assert.StartsWith("HTTP/1.1 503", head, StringComparison.Ordinal);
        await host.WaitForLogAsync(1203);
    }

    [Fact]
    public async Task The_application_closes_with_its_own_code_and_texts_reach_the_handler()
    {
        var handler = new RecordingHandler
        {
            Act = async (record, ct) =>
            {
                await Wait.UntilAsync(() => record.Texts.Count == 2, "two texts");
                await record.Session.CloseAsync((WebSocketCloseStatus)4100, "call over");
            },
        };
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler));
        using var client = await TestClients.ConnectAsync(host, "/audio/x");
        await client.SendTextAsync("{\"callId\":\"x\"}");
        await client.SendTextAsync("{\"lab\":\"send_text\"}");
        await client.SendTextAsync("{\"bye\":true}");
        var (status, description, _) = await client.ReadUntilCloseAsync();

        Assert.Equal(((WebSocketCloseStatus)4100, "call over"), (status, description));
        var record = handler.Records.Single();
        await Wait.For(record.Session.Completion);
        Assert.Equal(["{\"lab\":\"send_text\"}", "{\"bye\":true}"], record.Texts);
        Assert.Equal(AudioStreamCloseReason.Application, record.Session.CloseReason);
    }

    [Fact]
    public async Task Stopping_the_server_closes_streams_with_1001()
    {
        var handler = new RecordingHandler();
        var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler));
        using var client = await TestClients.ConnectAsync(host, "/audio/x");
        await client.SendTextAsync("{}");
        var record = await handler.WaitForRecordAsync();
        var close = client.ReadUntilCloseAsync();
        var stop = host.App.StopAsync();

        var (status, description, _) = await close;
        await Wait.For(stop);
        Assert.Equal((AudioStreamCloseStatus.ServerStopping, "server stopping"), (status, description));
        Assert.Equal(AudioStreamCloseReason.ServerStopping, record.Session.CloseReason);
        await host.DisposeAsync();
    }

    internal static MetricCollector<long> Closes(AudioStreamTestHost host) =>
        new(host.Services.GetRequiredService<IMeterFactory>(), Diagnostics.AudioStreamDiagnostics.Name, "eslkit.audiostream.closes");

    internal static long Count(MetricCollector<long> collector, string reason) =>
        collector.GetMeasurementSnapshot().Where(m => m.Tags.TryGetValue("reason", out var r) && (string?)r == reason).Sum(m => m.Value);
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using EslKit.AudioStream.Diagnostics;
using EslKit.AudioStream.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace EslKit.AudioStream.Tests;

/// <summary>Meter and ActivitySource <c>EslKit.AudioStream</c>: what a stream reports.</summary>
public sealed class DiagnosticsTests
{
    [Fact]
    public async Task A_stream_is_counted_frames_bytes_sends_and_its_close_reason()
    {
        var handler = new RecordingHandler { Act = (record, ct) => record.Session.SendStreamAudioAsync(new byte[640], 16000, ct).AsTask() };
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler), services => services.AddAudioStream(o => o.FrameQueueFullMode = AudioFrameQueueFullMode.Wait));
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        using var frames = new MetricCollector<long>(factory, AudioStreamDiagnostics.Name, "eslkit.audiostream.frames.received");
        using var bytes = new MetricCollector<long>(factory, AudioStreamDiagnostics.Name, "eslkit.audiostream.bytes.received");
        using var active = new MetricCollector<long>(factory, AudioStreamDiagnostics.Name, "eslkit.audiostream.sessions.active");
        using var sent = new MetricCollector<long>(factory, AudioStreamDiagnostics.Name, "eslkit.audiostream.messages.sent");
        using var closes = DefinedBehaviourTests.Closes(host);

        using var client = await TestClients.ConnectAsync(host, "/audio/x");
        await client.SendTextAsync("{}");
        await client.SendFramesAsync(120);
        var record = await handler.WaitForRecordAsync();
        await Wait.UntilAsync(() => record.Frames.Count == 120, "120 frames");
        await client.CloseLikeTheModuleAsync();
        await Wait.For(record.Session.Completion);

        Assert.Equal(120, frames.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(120 * 640, bytes.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(0, active.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(1, sent.GetMeasurementSnapshot().Single(m => (string?)m.Tags["type"] == "stream_audio").Value);
        Assert.Equal(1, DefinedBehaviourTests.Count(closes, "client_closed"));
    }

    [Fact]
    public async Task Each_session_is_one_activity_tagged_with_its_call_and_close_reason()
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AudioStreamDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (stopped)
                {
                    stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var handler = new RecordingHandler();
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler));
        using var client = await TestClients.ConnectAsync(host, "/audio/traced-call");
        await client.SendTextAsync("{}");
        await client.SendFramesAsync(3);
        var record = await handler.WaitForRecordAsync();
        await Wait.UntilAsync(() => record.Frames.Count == 3, "three frames");
        await client.CloseLikeTheModuleAsync();
        await Wait.For(record.Session.Completion);

        Activity activity;
        lock (stopped)
        {
            activity = stopped.Single(a => (string?)a.GetTagItem("eslkit.call_id") == "traced-call");
        }

        Assert.Equal("audiostream.session", activity.OperationName);
        Assert.Equal("client_closed", activity.GetTagItem("eslkit.audiostream.close_reason"));
        Assert.Equal("3", activity.GetTagItem("eslkit.audiostream.frames"));
    }
}

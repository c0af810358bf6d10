using EslKit.AudioStream.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace EslKit.AudioStream.Tests;

/// <summary>Many calls at once on one endpoint: each session gets its own audio, whole, and nothing leaks.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task One_hundred_and_twenty_concurrent_streams_each_arrive_whole()
    {
        const int streams = 120;
        const int frames = 50;
        var handler = new RecordingHandler();
        await using var host = await AudioStreamTestHost.StartAsync(app => app.MapAudioStream("/audio/{callId}", handler));

        var clients = await Task.WhenAll(Enumerable.Range(0, streams).Select(async n =>
        {
            var client = await TestClients.ConnectAsync(host, $"/audio/call-{n}");
            await client.SendTextAsync($"{{\"callId\":\"call-{n}\"}}");
            await client.SendFramesAsync(frames, first: n * 1000);
            return client;
        }));
        await Wait.UntilAsync(() => handler.Records.Count == streams && handler.Records.All(r => r.Frames.Count == frames), "every frame of every stream");
        await Task.WhenAll(clients.Select(c => c.CloseLikeTheModuleAsync()));
        await Task.WhenAll(handler.Records.Select(r => Wait.For(r.Session.Completion)));

        foreach (var record in handler.Records)
        {
            int n = int.Parse(record.Session.CallId["call-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal($"{{\"callId\":\"call-{n}\"}}", record.Session.Metadata!.Text);
            Assert.Equal(Enumerable.Range(n * 1000, frames).Select(i => TestClients.Frame(i)), record.Frames.Select(f => f.Data));
            Assert.Equal(0, record.Session.FramesDropped);
            Assert.Equal(AudioStreamCloseReason.ClientClosed, record.Session.CloseReason);
        }

        Assert.Equal(streams, handler.Records.Select(r => r.Session.CallId).Distinct().Count());
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}

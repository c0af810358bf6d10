using System.Text.Json;
using EslKit.Commands;
using EslKit.Tests.Support;

namespace EslKit.Tests.Outbound;

/// <summary>
/// The controller's call as a real FreeSWITCH ran it (freeswitch-calls/call-socket-session), replayed: events
/// asked for in one call, two playbacks (the second broken off with uuid_break), the hangup with linger.
/// </summary>
public sealed class CallSocketSessionCaptureTests
{
    private const string Scenario = "freeswitch-calls/call-socket-session";
    private static readonly Guid Channel = Guid.Parse("d35804e0-cb69-42dc-afc9-279ca5cd2596");
    private static readonly Guid CallId = Guid.Parse("9af3f175-6fe7-43e0-8843-d70007f864af");

    private sealed record Outcome(EslPlaybackResult First, EslPlaybackResult Second, EslHangup Hangup, EslHangup LateHangup, EslEvent LateComplete, List<string> Files);

    [Fact]
    public async Task The_session_sends_what_the_controller_sent_and_reads_playback_status_and_hangup_as_FreeSWITCH_reported_them()
    {
        var outcome = new TaskCompletionSource<Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EslOutboundServer(new EslOutboundServerOptions { Port = 0, CommandTimeout = TimeSpan.FromSeconds(20) }, async (session, ct) =>
        {
            try
            {
                var selector = new EslEventSelector
                {
                    Names = [EslEventName.PlaybackStart, EslEventName.PlaybackStop],
                    Subclasses = ["mod_audio_stream::play", "mod_audio_stream::connect", "mod_audio_stream::disconnect", "mod_audio_stream::error"],
                };
                await using var events = await session.SubscribeAsync(selector, cancellationToken: ct);
                var url = $"ws://127.0.0.1:8090/audio/{CallId}";
                (await session.ApiAsync(EslApi.AudioStreamStart(session.UniqueId, url, EslAudioMix.Mono, EslAudioRate.Rate16k, $"{{\"callId\":\"{CallId}\",\"tenant\":7}}"), ct)).EnsureSuccess();

                var files = new List<string>();
                var first = await session.PlaybackAsync(await NextPlayFileAsync(events, files, ct), ct);

                var started = session.WaitForEventAsync(EslEventName.PlaybackStart, ct);   // before triggering it
                var second = session.PlaybackAsync(await NextPlayFileAsync(events, files, ct), ct);
                await started;
                await session.BreakAsync(cancellationToken: ct);
                var broken = await second;

                var hangup = await session.WaitForHangupAsync(ct);
                await session.Completion;                                                // FreeSWITCH closed the socket
                var late = await session.WaitForHangupAsync(ct);                         // a caller arriving late
                var lateComplete = await session.WaitForEventAsync(EslEventName.ChannelHangupComplete, ct);
                outcome.TrySetResult(new Outcome(first, broken, hangup, late, lateComplete, files));
            }
            catch (Exception ex)
            {
                outcome.TrySetException(ex);
            }
        });
        await server.StartAsync();
        await using var freeswitch = CaptureReplayServer.Dial(Scenario, server.LocalEndPoint.Port);

        var result = await outcome.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([$"/tmp/{Channel}_0.tmp.r16", $"/tmp/{Channel}_1.tmp.r16"], result.Files);
        Assert.Equal(EslPlaybackStatus.Done, result.First.Status);
        Assert.Equal("FILE PLAYED", result.First.Response);
        Assert.Equal(result.Files[0], result.First.PlaybackStop!["Playback-File-Path"]);
        Assert.Equal(EslPlaybackStatus.Break, result.Second.Status);
        Assert.True(result.Second.IsPlayed); // FreeSWITCH reports a broken-off file as played
        Assert.Equal("2048", result.Second.PlaybackStop!["variable_playback_ms"]);

        Assert.Same(EslHangupCause.NormalClearing, result.Hangup.Cause);
        Assert.NotNull(result.Hangup.HangupComplete);
        Assert.False(result.Hangup.ConnectionClosedFirst);
        Assert.True(result.Hangup.IsReported);
        Assert.Equal("25", result.Hangup.HangupComplete!["variable_billsec"]);
        Assert.Same(result.Hangup.HangupComplete, result.LateHangup.HangupComplete);
        Assert.Same(result.Hangup.HangupComplete, result.LateComplete);

        // Byte for byte what the controller sent, but for the Event-UUIDs, which are ours.
        var expected = CaptureReplayServer.SplitPackets(Fixtures.Read($"{Scenario}.client.txt"));
        var sent = freeswitch.ReceivedPackets.Take(expected.Count).ToList();
        Assert.Equal(expected.Select(p => p.Line), sent.Select(p => p.Line));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(Without(expected[i].Headers, "Event-UUID"), Without(sent[i].Headers, "Event-UUID"));
            Assert.Equal(expected[i].Headers.ContainsKey("Event-UUID"), Guid.TryParse(sent[i].Headers.GetValueOrDefault("Event-UUID"), out _));
        }
    }

    private static async Task<string> NextPlayFileAsync(EslSubscription<EslEvent> events, List<string> files, CancellationToken cancellationToken)
    {
        await foreach (var e in events.ReadAllAsync(cancellationToken))
        {
            if (e.Name == EslEventName.Custom && e.Subclass == "mod_audio_stream::play")
            {
                using var body = JsonDocument.Parse(e.BodyText);
                string file = body.RootElement.GetProperty("file").GetString()!;
                files.Add(file);
                return file;
            }
        }

        throw new InvalidOperationException("The stream ended before mod_audio_stream::play.");
    }

    private static SortedDictionary<string, string> Without(Dictionary<string, string> headers, string name) =>
        new(headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value), StringComparer.Ordinal);
}

using System.Text;
using System.Text.Json;
using EslKit.Protocol;
using EslKit.Testing.Tests.Support;
using EslKit.Tests.Support;

namespace EslKit.Testing.Tests;

/// <summary>
/// The controller's call as the lab ran it (freeswitch-calls call-socket-session, -inbound and -ws), replayed against the
/// emulator with its audio: an inbound client originates to 601100777 with &amp;socket; the outbound session starts
/// mod_audio_stream, the WebSocket server answers with the lab's two streamAudio messages, the session plays the files
/// the module wrote and breaks the second one off 1.02 s in, the callee hangs up. Both sockets get the captured frames
/// (every header, <see cref="CaptureMask"/> aside, and the file directory and the lab's ports), the stream the captured
/// shape. Time is virtual (<see cref="PacedClock"/>), paced 5 times faster than real time, and stops for the break, so
/// it lands when the capture's did.
/// </summary>
public sealed class CallSocketSessionReplayTests
{
    private const string Scenario = "freeswitch-calls/call-socket-session";

    [Fact]
    public async Task Both_views_and_the_stream_of_the_captured_call_are_reproduced()
    {
        var outboundCapture = Frames($"{Scenario}.fs.bin");
        var inboundCapture = Frames($"{Scenario}-inbound.fs.bin");
        string outboundClient = Fixtures.ReadText($"{Scenario}.client.txt");
        string inboundClient = Fixtures.ReadText($"{Scenario}-inbound.client.txt");
        var mask = new CaptureMask(outboundClient + inboundClient);
        var messages = ServerTextFrames(Fixtures.Read($"{Scenario}-ws.server.bin"));
        Assert.Equal(2, messages.Count);

        // The callee's sentence, as the stream carried it (1.4–4.6 s of the captured audio), said 1.4 s after the answer.
        byte[] captured = Fixtures.Read($"{Scenario}-ws.audio.raw");
        var callee = new EslCallerScript().Pause(TimeSpan.FromSeconds(1.4)).Say(captured.AsSpan(21_760 * 2, 56_234 * 2), 16000);

        // Virtual time, paced 5 times faster than real time: the call is created at the capture's instant (the seconds-rounded
        // durations at the end depend on where in its second it began) and the switch's work takes no time, as in the lab.
        using var clock = new PacedClock(5, DateTimeOffset.UnixEpoch.AddTicks(1_796_500_265_475_885 * 10));
        await using var fs = await EslSwitchEmulator.StartAsync(CaptureMask.LabOptions(inboundCapture, clock));
        fs.Calls.UseLabNumberingPlan();
        fs.AudioStreams.SetCaller("601100777", callee);
        using var controller = new RawServer();
        using var ws = new RawWebSocketServer();
        // Addresses aside: the emulator's file directory stands for the lab's /tmp, our listeners' ports for the lab's.
        mask.Substitute(fs.AudioStreams.FileDirectory, "/tmp");
        mask.Substitute($"127.0.0.1:{controller.EndPoint.Port}", "127.0.0.1:8084");
        mask.Substitute($"127.0.0.1:{ws.EndPoint.Port}", "127.0.0.1:8090");

        var outbound = Task.Run(() => RunSessionAsync(controller, ws, clock, outboundClient, messages, outboundCapture));
        var inbound = Task.Run(() => RunInboundAsync(fs, controller, inboundClient, inboundCapture));
        var (outboundFrames, wsFrames, wsRequest) = await outbound.WaitAsync(TimeSpan.FromSeconds(120));
        var inboundFrames = await inbound.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Empty(fs.HandlerErrors);
        Compare(outboundCapture, outboundFrames, mask);
        Compare(inboundCapture, inboundFrames, mask);

        // The stream: the upgrade for the call's path, the metadata first, 20 ms frames for the whole call, the close.
        Assert.Equal("GET /audio/9af3f175-6fe7-43e0-8843-d70007f864af HTTP/1.1", wsRequest);
        Assert.True(wsFrames[0].IsText && wsFrames[0].Masked);
        Assert.Equal("{\"callId\":\"9af3f175-6fe7-43e0-8843-d70007f864af\",\"tenant\":7}", wsFrames[0].Text);
        var audio = wsFrames.Where(f => f.IsBinary).ToList();
        Assert.All(audio, f => Assert.Equal(640, f.Payload.Length));
        // One frame per 20 ms from the stream's opening (::connect, at the answer) to the hangup: 1250, as captured.
        var hangup = outboundFrames.First(f => f.Event?.RawName == "CHANNEL_HANGUP").Event!;
        long opened = long.Parse(outboundFrames.First(f => f.Event?["Event-Subclass"] == "mod_audio_stream::connect").Event!["Event-Date-Timestamp"]!);
        long streamed = long.Parse(hangup["Event-Date-Timestamp"]!) - opened;
        Assert.Equal(streamed / 20_000, audio.Count);
        Assert.Equal(1250, audio.Count);
        Assert.True(wsFrames[^1].IsClose);
        Assert.Equal(1000, wsFrames[^1].CloseCode);
        Assert.Equal("Normal closure", wsFrames[^1].CloseReason);
        // The callee's sentence (3.5 s) starts 1.4 s after the answer: silence before it and after it.
        int speech = (int)((long.Parse(hangup["Caller-Channel-Answered-Time"]!) + 1_400_000 - opened) / 20_000);
        double Rms(int from, int to) => Math.Sqrt(audio.Skip(from).Take(to - from).SelectMany(f => Samples(f.Payload)).Average(s => (double)s * s));
        Assert.InRange(speech, 20, 75);
        Assert.True(Rms(0, speech - 5) < 50, "silence before the callee speaks");
        Assert.True(Rms(speech + 10, speech + 150) > 1000, "the callee's sentence");
        Assert.True(Rms(speech + 185, audio.Count - 1) < 50, "silence while the callee listens");
    }

    private static async Task<(List<EslMessage> Frames, List<ReceivedFrame> Ws, string Request)> RunSessionAsync(RawServer controller, RawWebSocketServer ws, PacedClock clock, string clientText, List<string> messages, List<EslMessage> capture)
    {
        var packets = Captures.Packets(Encoding.UTF8.GetBytes(clientText));
        await using var session = await controller.AcceptAsync(TimeSpan.FromSeconds(60));
        clock.Stop(); // the lab's controller set the session up in 60 ms; this machine may take longer: time waits for it
        var frames = new List<EslMessage>();
        RawWebSocketServer.Connection? stream = null;
        var files = new Queue<string>();
        int playbacks = 0;
        foreach (var packet in packets)
        {
            string text = Encoding.UTF8.GetString(packet);
            if (text.StartsWith("sendmsg", StringComparison.Ordinal))
            {
                // The controller plays the file mod_audio_stream announced: wait for its ::play, use its path.
                if (files.Count == 0)
                {
                    frames.AddRange(await session.ReadFramesUntilAsync(f => f.Event?["Event-Subclass"] == "mod_audio_stream::play", TimeSpan.FromSeconds(60)));
                    files.Enqueue(JsonDocument.Parse(frames[^1].Event!.BodyText).RootElement.GetProperty("file").GetString()!);
                }

                string file = files.Dequeue();
                text = text.Replace(text.Split('\n').First(l => l.StartsWith("execute-app-arg: ", StringComparison.Ordinal))["execute-app-arg: ".Length..], file, StringComparison.Ordinal);
                if (++playbacks == 2)
                {
                    clock.Stop(); // the second file is broken off 1.02 s in: time waits for the test to get there
                }
            }
            else if (text.StartsWith("api uuid_break", StringComparison.Ordinal))
            {
                // 1.02 s into the second file, as in the capture: time runs to there and stops while the break goes in.
                if (frames.Count(f => f.Event?.RawName == "PLAYBACK_START") < 2)
                {
                    frames.AddRange(await session.ReadFramesUntilAsync(f => f.Event?.RawName == "PLAYBACK_START", TimeSpan.FromSeconds(60)));
                }

                var start = frames.Last(f => f.Event?.RawName == "PLAYBACK_START").Event!;
                var at = DateTimeOffset.UnixEpoch.AddTicks(long.Parse(start["Event-Date-Timestamp"]!) * 10).AddMicroseconds(1_019_994);
                await clock.RunUntil(at).WaitAsync(TimeSpan.FromSeconds(60));
            }
            else if (text.StartsWith("api uuid_audio_stream", StringComparison.Ordinal))
            {
                text = text.Replace("ws://127.0.0.1:8090/", $"ws://127.0.0.1:{ws.EndPoint.Port}/", StringComparison.Ordinal);
            }

            await session.SendAsync(Encoding.UTF8.GetBytes(text));
            frames.AddRange(await session.ReadFramesUntilAsync(f => f.ContentType is EslContentType.CommandReply or EslContentType.ApiResponse, TimeSpan.FromSeconds(60)));
            if (text.StartsWith("api uuid_break", StringComparison.Ordinal))
            {
                // The file stops at the break's instant (it reads the clock as it ends): time runs again after that.
                frames.AddRange(await session.ReadFramesUntilAsync(f => f.Event?.RawName == "PLAYBACK_STOP", TimeSpan.FromSeconds(60)));
                clock.Resume();
            }

            if (text.StartsWith("api uuid_audio_stream", StringComparison.Ordinal))
            {
                // The lab's server sent its first streamAudio six seconds after the stream opened, its second as the first
                // file ended.
                stream = await ws.AcceptAsync(TimeSpan.FromSeconds(60));
                frames.AddRange(await session.ReadFramesUntilAsync(f => f.Event?["Event-Subclass"] == "mod_audio_stream::connect", TimeSpan.FromSeconds(60)));
                clock.Resume();
                await Task.Delay(TimeSpan.FromSeconds(6), clock);
                await stream.SendTextAsync(messages[0]);
            }

            if (text.Contains("_0.tmp.r16", StringComparison.Ordinal) && stream is not null)
            {
                frames.AddRange(await session.ReadFramesUntilAsync(f => f.Event?.RawName == "PLAYBACK_STOP", TimeSpan.FromSeconds(60)));
                await stream.SendTextAsync(messages[1]);
            }
        }

        // The rest of the call: the callee hangs up, the linger notice, the last events, FreeSWITCH closes the socket.
        while (true)
        {
            try
            {
                frames.Add(await session.ReadFrameAsync(TimeSpan.FromSeconds(60)));
            }
            catch (IOException)
            {
                break; // closed
            }
        }

        Assert.True(session.IsEof);
        var wsFrames = await stream!.ReadUntilAsync(f => f.IsClose, TimeSpan.FromSeconds(30));
        return (frames, [.. stream.Frames], stream.RequestLine);
    }

    private static async Task<List<EslMessage>> RunInboundAsync(EslSwitchEmulator fs, RawServer controller, string clientText, List<EslMessage> capture)
    {
        var packets = Captures.Packets(Encoding.UTF8.GetBytes(clientText));
        await using var client = await RawClient.ConnectAsync(fs.EndPoint);
        var frames = new List<EslMessage> { await client.ReadFrameAsync() };
        var eventsBefore = CallCaptureReplayTests.EventsBeforeEachReply(capture);
        for (int i = 0; i < packets.Count; i++)
        {
            int wanted = eventsBefore[i];
            int have = frames.Count(f => f.Event is not null);
            if (have < wanted)
            {
                frames.AddRange(await client.ReadFramesUntilAsync(f => f.Event is not null && ++have == wanted, TimeSpan.FromSeconds(60)));
            }

            string text = Encoding.UTF8.GetString(packets[i]).Replace("127.0.0.1:8084", $"127.0.0.1:{controller.EndPoint.Port}", StringComparison.Ordinal);
            await client.SendAsync(Encoding.UTF8.GetBytes(text));
            frames.AddRange(await client.ReadFramesUntilAsync(f => f.ContentType is EslContentType.CommandReply or EslContentType.ApiResponse, TimeSpan.FromSeconds(60)));
        }

        frames.AddRange(await client.ReadFramesUntilAsync(f => f.ContentType == EslContentType.DisconnectNotice, TimeSpan.FromSeconds(60)));
        return frames;
    }

    private static void Compare(List<EslMessage> captured, List<EslMessage> received, CaptureMask mask)
    {
        static List<string> Replies(IEnumerable<EslMessage> frames, CaptureMask mask) =>
            [.. frames.Where(f => f.Event is null).Select(f => mask.Reply($"{f.ContentType} {f.ReplyText} {f.BodyText}"))];

        Assert.Equal(Replies(captured, mask), Replies(received, mask));
        var differences = CaptureMask.Differences(captured, received, mask);
        Assert.True(differences.Count == 0, $"{differences.Count} difference(s):\n{string.Join('\n', differences)}");
    }

    private static List<EslMessage> Frames(string name) => [.. Captures.Frames(Fixtures.Read(name)).Select(f => f.Message)];

    /// <summary>The text frames the lab's WebSocket server sent (after its 101 response; server frames are not masked).</summary>
    private static List<string> ServerTextFrames(byte[] data)
    {
        var texts = new List<string>();
        int i = data.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
        while (i < data.Length)
        {
            int opcode = data[i] & 0x0F;
            long length = data[i + 1] & 0x7F;
            int at = i + 2;
            if (length == 126)
            {
                length = (data[at] << 8) | data[at + 1];
                at += 2;
            }
            else if (length == 127)
            {
                length = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(at));
                at += 8;
            }

            if (opcode == 1)
            {
                texts.Add(Encoding.UTF8.GetString(data, at, (int)length));
            }

            i = at + (int)length;
        }

        return texts;
    }

    private static IEnumerable<short> Samples(byte[] l16)
    {
        for (int i = 0; i + 1 < l16.Length; i += 2)
        {
            yield return System.Buffers.Binary.BinaryPrimitives.ReadInt16LittleEndian(l16.AsSpan(i));
        }
    }
}

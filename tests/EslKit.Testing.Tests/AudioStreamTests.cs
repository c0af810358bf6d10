using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EslKit.Protocol;
using EslKit.Testing.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace EslKit.Testing.Tests;

/// <summary>
/// The emulated mod_audio_stream against a small real WebSocket server on 127.0.0.1: the upgrade and metadata, the 20 ms
/// frames of a scripted caller, pacing, streamAudio to a file and ::play, playback of that file with its real length,
/// uuid_break, what the caller heard, and the module's close, disconnect and error events.
/// </summary>
public sealed class AudioStreamTests
{
    private const string Events = "event plain CUSTOM mod_audio_stream::connect mod_audio_stream::disconnect mod_audio_stream::error mod_audio_stream::json mod_audio_stream::play";

    /// <summary>An answered outbound socket call and an inbound client hearing mod_audio_stream's events.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        public required EslSwitchEmulator Fs { get; init; }

        public required RawServer Server { get; init; }

        public required EslEmulatorOutboundCall Call { get; init; }

        public required RawClient Peer { get; init; }

        public required RawClient Inbound { get; init; }

        public required RawWebSocketServer Ws { get; init; }

        public static async Task<Rig> StartAsync(EslOutboundCallOptions? options = null, Action<EslEmulatorOptions>? configure = null)
        {
            var emulatorOptions = new EslEmulatorOptions();
            configure?.Invoke(emulatorOptions);
            var fs = await EslSwitchEmulator.StartAsync(emulatorOptions);
            var server = new RawServer();
            options ??= new EslOutboundCallOptions();
            options.Answered = true;
            var (call, peer) = await server.CallAsync(fs, options);
            await peer.CommandAsync("connect");
            var inbound = await RawClient.ConnectAuthenticatedAsync(fs);
            Assert.Equal("+OK event listener enabled plain", (await inbound.CommandAsync(Events)).ReplyText);
            return new Rig { Fs = fs, Server = server, Call = call, Peer = peer, Inbound = inbound, Ws = new RawWebSocketServer() };
        }

        public Task<string> StartStreamAsync(string path = "/audio/call-1", string mix = "mono", string rate = "16k", string? metadata = "{\"callId\":\"call-1\",\"tenant\":7}") =>
            Fs.ExecuteApiAsync($"uuid_audio_stream {Call.UniqueId} start {Ws.Url(path)} {mix} {rate}{(metadata is null ? string.Empty : " " + metadata)}");

        public async Task<EslEvent> NextEventAsync(string subclass) =>
            (await Inbound.ReadFramesUntilAsync(f => f.Event?["Event-Subclass"] == subclass, TimeSpan.FromSeconds(20)))[^1].Event!;

        public async ValueTask DisposeAsync()
        {
            await Inbound.DisposeAsync();
            await Peer.DisposeAsync();
            Ws.Dispose();
            Server.Dispose();
            await Fs.DisposeAsync();
        }
    }

    [Fact]
    public async Task Start_upgrades_as_the_module_does_and_sends_the_metadata_first_then_fires_connect()
    {
        await using var rig = await Rig.StartAsync();
        var accept = rig.Ws.AcceptAsync();

        Assert.Equal("+OK Success\n", await rig.StartStreamAsync("/audio/9af3f175-6fe7-43e0-8843-d70007f864af"));
        await using var ws = await accept;

        Assert.Equal("GET /audio/9af3f175-6fe7-43e0-8843-d70007f864af HTTP/1.1", ws.RequestLine);
        Assert.Equal($"127.0.0.1:{rig.Ws.EndPoint.Port}", ws.Headers["Host"]);
        Assert.Equal("websocket", ws.Headers["Upgrade"], ignoreCase: true);
        Assert.Equal("Upgrade", ws.Headers["Connection"], ignoreCase: true);
        Assert.Equal("13", ws.Headers["Sec-WebSocket-Version"]);
        Assert.Equal($"http://127.0.0.1:{rig.Ws.EndPoint.Port}", ws.Headers["Origin"]);
        Assert.Equal(16, Convert.FromBase64String(ws.Headers["Sec-WebSocket-Key"]).Length);
        Assert.False(ws.Headers.ContainsKey("Sec-WebSocket-Extensions")); // no deflate unless STREAM_MESSAGE_DEFLATE

        var first = await ws.ReadAsync();
        Assert.True(first.IsText && first.Masked && first.Fin);
        Assert.Equal("{\"callId\":\"call-1\",\"tenant\":7}", first.Text);
        var second = await ws.ReadAsync();
        Assert.True(second.IsBinary && second.Masked);
        Assert.Equal(640, second.Payload.Length);

        var connect = await rig.NextEventAsync("mod_audio_stream::connect");
        Assert.Equal("{\"status\":\"connected\"}", connect.BodyText);
        Assert.Equal(rig.Call.UniqueId.ToString(), connect["Unique-ID"]);
        Assert.Equal("mod_audio_stream.c", connect["Event-Calling-File"]);
        Assert.Equal("responseHandler", connect["Event-Calling-Function"]);
        var stream = Assert.Single(rig.Fs.AudioStreams.Streams);
        Assert.Equal(EslAudioStreamState.Connected, stream.State);
        Assert.Equal(["{\"callId\":\"call-1\",\"tenant\":7}"], stream.TextSent);
    }

    [Fact]
    public async Task The_lab_ordering_with_audio_before_metadata_is_an_option()
    {
        await using var rig = await Rig.StartAsync();
        rig.Fs.AudioStreams.AudioBeforeMetadata = true;
        var accept = rig.Ws.AcceptAsync();
        await rig.StartStreamAsync();
        await using var ws = await accept;

        Assert.True((await ws.ReadAsync()).IsBinary);
        Assert.Equal("{\"callId\":\"call-1\",\"tenant\":7}", (await ws.ReadAsync()).Text);
    }

    [Theory]
    [InlineData("mono", "16k", 640)]
    [InlineData("mono", "8k", 320)]
    [InlineData("stereo", "16k", 1280)]
    [InlineData("mixed", "8000", 320)]
    public async Task Frames_are_20_ms_of_L16_masked(string mix, string rate, int size)
    {
        await using var rig = await Rig.StartAsync();
        rig.Fs.AudioStreams.Speed = double.PositiveInfinity;
        var accept = rig.Ws.AcceptAsync();
        Assert.Equal("+OK Success\n", await rig.StartStreamAsync(mix: mix, rate: rate, metadata: null));
        await using var ws = await accept;

        var frames = new List<ReceivedFrame>();
        while (frames.Count < 25)
        {
            frames.Add(await ws.ReadAsync());
        }

        Assert.All(frames, f => Assert.True(f.IsBinary && f.Masked && f.Fin && f.Payload.Length == size));
    }

    [Fact]
    public async Task A_scripted_caller_is_streamed_from_the_answer_in_exact_frames_and_hangs_up_at_its_end()
    {
        // A clock that moves only when told: the call is answered and the stream starts at the same instant, so frame k
        // carries samples 320k..320k+319 of the script; the media ends with the script, and the caller hangs up when the
        // clock passes its end.
        var clock = new FakeTimeProvider();
        var samples = Enumerable.Range(0, 7_990).Select(i => (short)((i % 200) * 100 - 10_000)).ToArray(); // 0.499375 s at 16 kHz
        var l16 = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(l16.AsSpan(2 * i), samples[i]);
        }

        var options = new EslOutboundCallOptions { Caller = new EslCallerScript().Say(l16, 16000).ThenHangUp() };
        await using var rig = await Rig.StartAsync(options, o => o.TimeProvider = clock);
        rig.Fs.AudioStreams.TelephoneBand = false;
        rig.Fs.AudioStreams.Speed = double.PositiveInfinity;
        var accept = rig.Ws.AcceptAsync();
        await rig.StartStreamAsync(metadata: null);
        await using var ws = await accept;

        var stream = await rig.Fs.AudioStreams.WaitForStreamAsync(rig.Call.UniqueId);
        await stream.WaitForFramesAsync(25);
        Assert.False(rig.Call.IsHungUp);
        clock.Advance(TimeSpan.FromSeconds(1));
        var frames = await ws.ReadUntilAsync(f => f.IsClose, TimeSpan.FromSeconds(20));
        var audio = frames.Where(f => f.IsBinary).ToList();

        Assert.Equal(25, audio.Count); // ceil(7990 / 320)
        var streamed = audio.SelectMany(f => f.Payload).ToArray();
        Assert.Equal(l16, streamed[..l16.Length]);
        Assert.All(streamed[l16.Length..], b => Assert.Equal(0, b)); // the last frame ends in silence
        Assert.Equal(1000, frames[^1].CloseCode);
        Assert.Equal("Normal closure", frames[^1].CloseReason);
        Assert.Equal("NORMAL_CLEARING", await rig.Call.WaitForHangupAsync());
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(25, stream.FramesSent);
        Assert.Equal(EslAudioStreamState.Closed, stream.State);
    }

    [Fact]
    public async Task Through_the_telephone_channel_the_caller_is_band_limited_to_4_kHz()
    {
        // A 6 kHz tone said at 16 kHz cannot pass an 8 kHz G.711 channel; a 1 kHz tone can.
        var clock = new FakeTimeProvider();
        var caller = new EslCallerScript().Say(Tone(6000, 16000, 0.5), 16000).Say(Tone(1000, 16000, 0.5), 16000).ThenHangUp();
        await using var rig = await Rig.StartAsync(new EslOutboundCallOptions { Caller = caller }, o => o.TimeProvider = clock);
        rig.Fs.AudioStreams.Speed = double.PositiveInfinity;
        var accept = rig.Ws.AcceptAsync();
        await rig.StartStreamAsync(metadata: null);
        await using var ws = await accept;
        await (await rig.Fs.AudioStreams.WaitForStreamAsync(rig.Call.UniqueId)).WaitForFramesAsync(50);
        clock.Advance(TimeSpan.FromSeconds(1));

        var audio = (await ws.ReadUntilAsync(f => f.IsClose, TimeSpan.FromSeconds(20))).Where(f => f.IsBinary).SelectMany(f => f.Payload).ToArray();
        double high = Rms(audio.AsSpan(1600 * 2, 4800 * 2)); // the middle of the 6 kHz half second
        double low = Rms(audio.AsSpan(9600 * 2, 4800 * 2));  // the middle of the 1 kHz one
        Assert.True(high < 300, $"6 kHz leaked through: RMS {high:0}");
        Assert.True(low > 5000, $"1 kHz lost: RMS {low:0}");
    }

    [Fact]
    public async Task Frames_are_paced_in_real_time()
    {
        await using var rig = await Rig.StartAsync();
        var accept = rig.Ws.AcceptAsync();
        await rig.StartStreamAsync(metadata: null);
        await using var ws = await accept;
        await ws.ReadAsync();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 50; i++)
        {
            await ws.ReadAsync();
        }

        var elapsed = clock.Elapsed; // 50 frames of 20 ms: about a second, never much less
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(850), $"50 frames in {elapsed.TotalMilliseconds:0} ms");
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"50 frames in {elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Frames_go_faster_than_real_time_on_request()
    {
        await using var rig = await Rig.StartAsync();
        rig.Fs.AudioStreams.Speed = 20;
        var accept = rig.Ws.AcceptAsync();
        await rig.StartStreamAsync(metadata: null);
        await using var ws = await accept;
        await ws.ReadAsync();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 100; i++)
        {
            await ws.ReadAsync();
        }

        var elapsed = clock.Elapsed; // 2 s of audio at 20 times real time: about 100 ms, well under the 2 s it lasts
        Assert.True(elapsed < TimeSpan.FromMilliseconds(1900), $"100 frames at speed 20 in {elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task StreamAudio_is_written_to_a_file_announced_by_play_and_played_back_with_events()
    {
        await using var rig = await Rig.StartAsync();
        var accept = rig.Ws.AcceptAsync();
        await rig.StartStreamAsync();
        await using var ws = await accept;
        await rig.NextEventAsync("mod_audio_stream::connect");

        var speech = Tone(440, 16000, 1.234);
        await ws.SendTextAsync($"{{\"type\":\"streamAudio\",\"data\":{{\"audioDataType\":\"raw\",\"sampleRate\":16000,\"audioData\":\"{Convert.ToBase64String(speech)}\"}}}}");
        var play = await rig.NextEventAsync("mod_audio_stream::play");

        string file = Path.Combine(rig.Fs.AudioStreams.FileDirectory, $"{rig.Call.UniqueId}_0.tmp.r16");
        Assert.Equal($"{{\"audioDataType\":\"raw\",\"sampleRate\":16000,\"file\":\"{file}\"}}", play.BodyText);
        Assert.Equal(speech, await File.ReadAllBytesAsync(file));
        Assert.StartsWith(Path.GetTempPath().TrimEnd('/'), file, StringComparison.Ordinal);
        var written = Assert.Single(Assert.Single(rig.Fs.AudioStreams.Streams).Files);
        Assert.Equal(speech, written.Content.ToArray());

        // The controller plays it (sendmsg execute playback, event-lock), subscribed to the playback events.
        await rig.Peer.CommandAsync("event plain PLAYBACK_START PLAYBACK_STOP CHANNEL_EXECUTE_COMPLETE");
        await rig.Peer.SendAsync($"sendmsg\ncall-command: execute\nexecute-app-name: playback\nexecute-app-arg: {file}\nevent-lock: true\n\n");
        var frames = await rig.Peer.ReadFramesUntilAsync(f => f.Event?.RawName == "CHANNEL_EXECUTE_COMPLETE" && f.Event["Application"] == "playback", TimeSpan.FromSeconds(20));
        var start = frames.Single(f => f.Event?.RawName == "PLAYBACK_START").Event!;
        var stop = frames.Single(f => f.Event?.RawName == "PLAYBACK_STOP").Event!;

        Assert.Equal(file, start["Playback-File-Path"]);
        Assert.Null(start["Playback-File-Type"]);
        Assert.Equal("done", stop["Playback-Status"]);
        Assert.Equal("FILE PLAYED", frames[^1].Event!["Application-Response"]);
        // 19744 samples: the core read all of them; 9872 reached the 8 kHz channel.
        Assert.Equal("19744", stop["variable_playback_samples"]);
        Assert.Equal("1234", stop["variable_playback_ms"]);
        Assert.Equal("1", stop["variable_playback_seconds"]);
        Assert.Equal("9872", stop["variable_playback_last_offset_pos"]);

        var heard = Assert.Single(rig.Call.Heard.Playbacks);
        Assert.False(heard.Interrupted);
        Assert.Equal(speech, heard.ToL16());
        Assert.Equal(speech, rig.Call.Heard.ToL16());
    }

    [Fact]
    public async Task A_file_plays_for_its_length_in_20_ms_frames_on_the_emulator_clock()
    {
        var clock = new TestClock { VirtualTimers = true };
        await using var rig = await Rig.StartAsync(configure: o => o.TimeProvider = clock);
        string file = Path.Combine(rig.Fs.AudioStreams.FileDirectory, "prompt.r8");
        await File.WriteAllBytesAsync(file, Tone(440, 8000, 0.7513)); // 6010 samples: 38 frames of 160
        await rig.Peer.CommandAsync("event plain PLAYBACK_START PLAYBACK_STOP CHANNEL_EXECUTE_COMPLETE");

        await rig.Peer.SendAsync($"sendmsg\ncall-command: execute\nexecute-app-name: playback\nexecute-app-arg: {file}\nevent-lock: true\n\n");
        var frames = await rig.Peer.ReadFramesUntilAsync(f => f.Event?.RawName == "CHANNEL_EXECUTE_COMPLETE" && f.Event["Application"] == "playback", TimeSpan.FromSeconds(20));

        var start = frames.Single(f => f.Event?.RawName == "PLAYBACK_START").Event!;
        var stop = frames.Single(f => f.Event?.RawName == "PLAYBACK_STOP").Event!;
        Assert.Equal(760_000, long.Parse(stop["Event-Date-Timestamp"]!) - long.Parse(start["Event-Date-Timestamp"]!));
        Assert.Equal("6010", stop["variable_playback_samples"]);
        Assert.Equal("751", stop["variable_playback_ms"]);
        Assert.Equal("6010", stop["variable_playback_last_offset_pos"]);
        Assert.Equal(TimeSpan.FromSeconds(6010.0 / 8000), Assert.Single(rig.Call.Heard.Playbacks).Played);
        Assert.Equal(6010 * 2 * 2, rig.Call.Heard.ToL16().Length); // recorded at 16 kHz
    }

    [Fact]
    public async Task Uuid_break_stops_the_playback_mid_file_and_the_caller_heard_only_its_start()
    {
        await using var rig = await Rig.StartAsync();
        string file = Path.Combine(rig.Fs.AudioStreams.FileDirectory, "long.r16");
        var speech = Tone(300, 16000, 5.0);
        await File.WriteAllBytesAsync(file, speech);
        await rig.Peer.CommandAsync("event plain PLAYBACK_START PLAYBACK_STOP CHANNEL_EXECUTE_COMPLETE");

        await rig.Peer.SendAsync($"sendmsg\ncall-command: execute\nexecute-app-name: playback\nexecute-app-arg: {file}\nevent-lock: true\n\n");
        await rig.Peer.ReadFramesUntilAsync(f => f.Event?.RawName == "PLAYBACK_START", TimeSpan.FromSeconds(20));
        await rig.Peer.SendAsync($"api uuid_break {rig.Call.UniqueId}\n\n");
        var frames = await rig.Peer.ReadFramesUntilAsync(f => f.Event?.RawName == "CHANNEL_EXECUTE_COMPLETE", TimeSpan.FromSeconds(20));

        Assert.Contains(frames, f => f.ContentType == EslContentType.ApiResponse && f.BodyText == "+OK\n");
        var stop = frames.Single(f => f.Event?.RawName == "PLAYBACK_STOP").Event!;
        Assert.Equal("break", stop["Playback-Status"]);
        Assert.Equal("FILE PLAYED", frames[^1].Event!["Application-Response"]);
        var heard = Assert.Single(rig.Call.Heard.Playbacks);
        Assert.True(heard.Interrupted);
        Assert.True(heard.Played < TimeSpan.FromSeconds(5), $"played {heard.Played}");
        byte[] played = rig.Call.Heard.ToL16();
        Assert.Equal(speech[..played.Length], played);
        // what reached the channel (8 kHz) matches what the caller heard; the core read in 32768-sample blocks
        long offset = long.Parse(stop["variable_playback_last_offset_pos"]!);
        Assert.Equal(played.Length / 4, offset);
        Assert.Equal(0, long.Parse(stop["variable_playback_samples"]!) % 32768);
    }

    [Fact]
    public async Task Stereo_carries_the_caller_left_and_what_is_played_right()
    {
        var caller = new EslCallerScript().Say(Tone(500, 16000, 10), 16000);
        await using var rig = await Rig.StartAsync(new EslOutboundCallOptions { Caller = caller });
        string file = Path.Combine(rig.Fs.AudioStreams.FileDirectory, "prompt.r16");
        await File.WriteAllBytesAsync(file, Tone(1200, 16000, 1));
        var accept = rig.Ws.AcceptAsync();
        await rig.StartStreamAsync(mix: "stereo", metadata: null);
        await using var ws = await accept;
        var stream = await rig.Fs.AudioStreams.WaitForStreamAsync(rig.Call.UniqueId);
        await stream.WaitForFramesAsync(10);

        await rig.Peer.SendAsync($"sendmsg\ncall-command: execute\nexecute-app-name: playback\nexecute-app-arg: {file}\n\n");
        await rig.Call.WaitForApplicationAsync("playback", TimeSpan.FromSeconds(30));
        // The prompt shows once the frames' timeline passes its start (a loaded machine sends them late, then catches up)
        // and the server has read that far.
        double Left(ReceivedFrame f) => Rms(Channel(f.Payload, 0));
        double Right(ReceivedFrame f) => Rms(Channel(f.Payload, 1));
        await ws.ReadUntilAsync(f => f.IsBinary && Right(f) > 5000, TimeSpan.FromSeconds(30));

        var binary = ws.Frames.Where(f => f.IsBinary).ToList();
        Assert.All(binary, f => Assert.Equal(1280, f.Payload.Length));
        Assert.All(binary, f => Assert.True(Left(f) > 5000, $"caller RMS {Left(f):0}"));
        Assert.True(binary.Take(10).All(f => Right(f) == 0), "nothing was played before the prompt");
        Assert.Contains(binary, f => Right(f) > 5000);  // during the prompt
    }

    [Fact]
    public async Task Other_messages_fire_json_and_send_text_pause_resume_answer_as_the_module()
    {
        await using var rig = await Rig.StartAsync();
        var accept = rig.Ws.AcceptAsync();
        await rig.StartStreamAsync();
        await using var ws = await accept;
        await rig.NextEventAsync("mod_audio_stream::connect");

        await ws.SendTextAsync("{\"type\":\"lab\",\"text\":\"hello from ws server\",\"n\":1}");
        Assert.Equal("{\"type\":\"lab\",\"text\":\"hello from ws server\",\"n\":1}", (await rig.NextEventAsync("mod_audio_stream::json")).BodyText);
        await ws.SendTextAsync("{\"type\":\"streamAudio\",\"data\":{\"audioDataType\":\"raw\",\"sampleRate\":11025,\"audioData\":\"AAA=\"}}");
        Assert.Contains("11025", (await rig.NextEventAsync("mod_audio_stream::json")).BodyText, StringComparison.Ordinal); // an unsupported rate falls back to ::json

        Assert.Equal("+OK Success\n", await rig.Fs.ExecuteApiAsync($"uuid_audio_stream {rig.Call.UniqueId} send_text {{\"lab\":\"send_text\"}}"));
        Assert.Equal("{\"lab\":\"send_text\"}", (await ws.ReadUntilAsync(f => f.IsText && f.Text.Contains("send_text", StringComparison.Ordinal)))[^1].Text);
        Assert.Equal("+OK Success\n", await rig.Fs.ExecuteApiAsync($"uuid_audio_stream {rig.Call.UniqueId} pause"));
        var stream = rig.Fs.AudioStreams.Streams[0];
        Assert.True(stream.IsPaused);
        Assert.Equal("+OK Success\n", await rig.Fs.ExecuteApiAsync($"uuid_audio_stream {rig.Call.UniqueId} resume"));
        Assert.False(stream.IsPaused);
        Assert.Equal("-ERR Operation Failed\n", await rig.Fs.ExecuteApiAsync($"uuid_audio_stream {rig.Call.UniqueId} start {rig.Ws.Url("/again")} mono 16k")); // one stream a channel
        Assert.Equal("-ERR Operation Failed\n", await rig.Fs.ExecuteApiAsync($"uuid_audio_stream {rig.Call.UniqueId} nosuch"));

        Assert.Equal("+OK Success\n", await rig.Fs.ExecuteApiAsync($"uuid_audio_stream {rig.Call.UniqueId} stop {{\"bye\":true}}"));
        var end = await ws.ReadUntilAsync(f => f.IsClose);
        Assert.Equal("{\"bye\":true}", end.Last(f => f.IsText).Text);
        Assert.Equal(1000, end[^1].CloseCode);
        Assert.Equal("Normal closure", end[^1].CloseReason);
        Assert.Equal(EslAudioStreamState.Closed, stream.State);
        Assert.Equal("-ERR Operation Failed\n", await rig.Fs.ExecuteApiAsync($"uuid_audio_stream {rig.Call.UniqueId} stop"));
    }

    [Fact]
    public async Task A_server_close_fires_disconnect_and_stop_still_answers_success()
    {
        await using var rig = await Rig.StartAsync();
        var accept = rig.Ws.AcceptAsync();
        await rig.StartStreamAsync();
        await using var ws = await accept;
        await rig.NextEventAsync("mod_audio_stream::connect");

        await ws.SendCloseAsync(1000, "lab server done");
        var disconnect = await rig.NextEventAsync("mod_audio_stream::disconnect");

        Assert.Equal("{\"status\":\"disconnected\",\"message\":{\"code\":1000,\"reason\":\"lab server done\"}}", disconnect.BodyText);
        var echo = (await ws.ReadUntilAsync(f => f.IsClose))[^1];
        Assert.Equal(1000, echo.CloseCode);
        Assert.Equal("lab server done", echo.CloseReason);
        var stream = rig.Fs.AudioStreams.Streams[0];
        Assert.Equal(EslAudioStreamState.Disconnected, stream.State);
        Assert.Equal("+OK Success\n", await rig.Fs.ExecuteApiAsync($"uuid_audio_stream {rig.Call.UniqueId} stop"));
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_dropped_connection_fires_disconnect_with_the_eof_reason()
    {
        await using var rig = await Rig.StartAsync();
        var accept = rig.Ws.AcceptAsync();
        await rig.StartStreamAsync();
        var ws = await accept;
        await rig.NextEventAsync("mod_audio_stream::connect");

        ws.Drop();

        Assert.Equal("{\"status\":\"disconnected\",\"message\":{\"code\":1000,\"reason\":\"Connection closed (EOF)\"}}", (await rig.NextEventAsync("mod_audio_stream::disconnect")).BodyText);
        await ws.DisposeAsync();
    }

    [Fact]
    public async Task The_hangup_ends_the_stream_with_a_normal_closure_no_event_and_the_files_gone()
    {
        await using var rig = await Rig.StartAsync();
        var accept = rig.Ws.AcceptAsync();
        await rig.StartStreamAsync();
        await using var ws = await accept;
        await rig.NextEventAsync("mod_audio_stream::connect");
        await ws.SendTextAsync($"{{\"type\":\"streamAudio\",\"data\":{{\"audioDataType\":\"raw\",\"sampleRate\":8000,\"audioData\":\"{Convert.ToBase64String(Tone(440, 8000, 0.1))}\"}}}}");
        var play = await rig.NextEventAsync("mod_audio_stream::play");
        string file = JsonDocument.Parse(play.BodyText).RootElement.GetProperty("file").GetString()!;
        Assert.EndsWith($"{rig.Call.UniqueId}_0.tmp.r8", file, StringComparison.Ordinal);
        Assert.True(File.Exists(file));

        await rig.Call.HangupAsync();
        var close = (await ws.ReadUntilAsync(f => f.IsClose))[^1];

        Assert.Equal(1000, close.CloseCode);
        Assert.Equal("Normal closure", close.CloseReason);
        var stream = rig.Fs.AudioStreams.Streams[0];
        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(File.Exists(file));
        Assert.Equal(EslAudioStreamState.Closed, stream.State);
        // no ::disconnect when the call, not the server, ends the stream: nothing comes before the next reply
        await rig.Inbound.SendAsync("api echo done\n\n");
        var before = await rig.Inbound.ReadFramesUntilAsync(f => f.ContentType == EslContentType.ApiResponse, TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(before, f => f.Event?["Event-Subclass"] == "mod_audio_stream::disconnect");
        Assert.Equal("-ERR Operation Failed\n", await rig.Fs.ExecuteApiAsync($"uuid_audio_stream {rig.Call.UniqueId} stop"));
    }

    [Fact]
    public async Task A_failed_connect_answers_success_then_fires_error_and_the_stream_is_gone()
    {
        await using var rig = await Rig.StartAsync();
        int closedPort = rig.Ws.EndPoint.Port;
        rig.Ws.Dispose(); // nothing listens there now

        Assert.Equal("+OK Success\n", await rig.Fs.ExecuteApiAsync($"uuid_audio_stream {rig.Call.UniqueId} start ws://127.0.0.1:{closedPort}/stream mono 16k {{\"callId\":\"down\"}}"));
        var error = await rig.NextEventAsync("mod_audio_stream::error");

        Assert.Equal("{\"status\":\"error\",\"message\":{\"code\":6,\"error\":\"Connection refused (system error 111)\"}}", error.BodyText);
        Assert.Equal(EslAudioStreamState.Failed, rig.Fs.AudioStreams.Streams[0].State);
        Assert.Equal("-ERR Operation Failed\n", await rig.Fs.ExecuteApiAsync($"uuid_audio_stream {rig.Call.UniqueId} stop"));
    }

    [Theory]
    [InlineData("", "-USAGE: <uuid> [start | stop | send_text | pause | resume | graceful-shutdown ] [wss-url | path] [mono | mixed | stereo] [8000 | 16000] [metadata]\n")]
    [InlineData("00000000-0000-0000-0000-000000000000 stop", "-ERR Operation Failed\n")]
    [InlineData("{uuid} start ws://127.0.0.1:1/x", "-USAGE: <uuid> [start | stop | send_text | pause | resume | graceful-shutdown ] [wss-url | path] [mono | mixed | stereo] [8000 | 16000] [metadata]\n")]
    [InlineData("{uuid} start http://127.0.0.1:1/x mono 16k", "-ERR Operation Failed\n")]
    [InlineData("{uuid} start ws://127.0.0.1:1/x quad 16k", "-ERR Operation Failed\n")]
    [InlineData("{uuid} start ws://127.0.0.1:1/x mono 11025", "-ERR Operation Failed\n")]
    public async Task Bad_commands_get_the_module_replies(string arguments, string reply)
    {
        await using var rig = await Rig.StartAsync();

        Assert.Equal(reply, await rig.Fs.ExecuteApiAsync("uuid_audio_stream " + arguments.Replace("{uuid}", rig.Call.UniqueId.ToString(), StringComparison.Ordinal)));
        Assert.Empty(rig.Fs.AudioStreams.Streams);
    }

    [Fact]
    public async Task A_wav_caller_script_reads_any_rate_and_mixes_channels_down()
    {
        string path = Path.Combine(Path.GetTempPath(), $"eslkit-caller-{Guid.NewGuid():N}.wav");
        var stereo = new short[22050 * 2];
        for (int i = 0; i < 22050; i++)
        {
            stereo[2 * i] = stereo[(2 * i) + 1] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 22050));
        }

        await File.WriteAllBytesAsync(path, Wav(stereo, 22050, 2));
        try
        {
            var script = new EslCallerScript().Pause(TimeSpan.FromMilliseconds(250)).Say(path).Pause(TimeSpan.FromMilliseconds(250)).ThenHangUp();
            Assert.Equal(1, script.SentenceCount);
            Assert.Equal(TimeSpan.FromSeconds(1.5), script.Duration);
            var clock = new FakeTimeProvider();
            await using var rig = await Rig.StartAsync(new EslOutboundCallOptions { Caller = script }, o => o.TimeProvider = clock);
            rig.Fs.AudioStreams.TelephoneBand = false;
            rig.Fs.AudioStreams.Speed = double.PositiveInfinity;
            var accept = rig.Ws.AcceptAsync();
            await rig.StartStreamAsync(metadata: null);
            await using var ws = await accept;
            await (await rig.Fs.AudioStreams.WaitForStreamAsync(rig.Call.UniqueId)).WaitForFramesAsync(75);
            clock.Advance(TimeSpan.FromSeconds(2));

            var audio = (await ws.ReadUntilAsync(f => f.IsClose, TimeSpan.FromSeconds(20))).Where(f => f.IsBinary).SelectMany(f => f.Payload).ToArray();

            Assert.Equal(75 * 640, audio.Length); // 1.5 s
            Assert.Equal(0, Rms(audio.AsSpan(0, 4000 * 2)));                       // the pause before
            Assert.InRange(Rms(audio.AsSpan(6000 * 2, 12000 * 2)), 5300, 6000);    // 440 Hz at 8000 peak: RMS 5657
            Assert.Equal(0, Rms(audio.AsSpan(20000 * 2, 4000 * 2)));               // the pause after
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Tone(double hz, int rate, double seconds)
    {
        var bytes = new byte[(int)(rate * seconds) * 2];
        for (int i = 0; i < bytes.Length / 2; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), (short)(12000 * Math.Sin(2 * Math.PI * hz * i / rate)));
        }

        return bytes;
    }

    private static double Rms(ReadOnlySpan<byte> l16)
    {
        double sum = 0;
        int n = l16.Length / 2;
        for (int i = 0; i < n; i++)
        {
            double s = BinaryPrimitives.ReadInt16LittleEndian(l16[(2 * i)..]);
            sum += s * s;
        }

        return n == 0 ? 0 : Math.Sqrt(sum / n);
    }

    private static byte[] Channel(byte[] stereo, int channel)
    {
        var mono = new byte[stereo.Length / 2];
        for (int i = 0; i < mono.Length / 2; i++)
        {
            mono[2 * i] = stereo[(4 * i) + (2 * channel)];
            mono[(2 * i) + 1] = stereo[(4 * i) + (2 * channel) + 1];
        }

        return mono;
    }

    private static byte[] Wav(short[] samples, int rate, int channels)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(Encoding.ASCII.GetBytes("RIFF"));
        writer.Write(36 + (samples.Length * 2));
        writer.Write(Encoding.ASCII.GetBytes("WAVEfmt "));
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)channels);
        writer.Write(rate);
        writer.Write(rate * channels * 2);
        writer.Write((short)(channels * 2));
        writer.Write((short)16);
        writer.Write(Encoding.ASCII.GetBytes("data"));
        writer.Write(samples.Length * 2);
        foreach (short s in samples)
        {
            writer.Write(s);
        }

        writer.Flush();
        return stream.ToArray();
    }
}

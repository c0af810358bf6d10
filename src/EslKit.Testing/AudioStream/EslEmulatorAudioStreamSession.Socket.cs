using System.Buffers;
using System.Globalization;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using EslKit.Testing.Internal;
using EslKit.Testing.Internal.Audio;

namespace EslKit.Testing;

/// <summary>
/// The module's side of the WebSocket (audio_streamer_glue.cpp with libwsc), as the captures show it: the upgrade with
/// an Origin, the metadata first, 20 ms binary frames from the media bug, <c>streamAudio</c> turned into a file and
/// <c>::play</c>, other text into <c>::json</c>, a server close into <c>::disconnect</c>; <c>stop</c> and the hangup close
/// it with 1000 "Normal closure" and no event.
/// </summary>
public sealed partial class EslEmulatorAudioStreamSession
{
    private const int MaxMessageBytes = 64 * 1024 * 1024;

    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly CancellationTokenSource _cleanup = new();
    private ClientWebSocket? _socket;
    private Task _receiving = Task.CompletedTask;
    private int _cleanupStarted;
    private int _nextFile;
    private CancellationTokenRegistration _downRegistration;

    /// <summary>Opens the WebSocket in the background (start answered <c>+OK Success</c> already); the hangup ends it.</summary>
    internal void Start()
    {
        // Until the stream ends (Finish), the hangup closes it — also after the frames stopped or the server left.
        _downRegistration = Channel.Down.Register(static s => ((EslEmulatorAudioStreamSession)s!).OnChannelDown(), this);
        _emulator.TrackJob(Task.Run(RunAsync));
    }

    /// <summary><c>stop [text]</c>: stream_session_cleanup — files deleted, the final text, the close; false when there is no stream.</summary>
    internal async Task<bool> StopAsync(string? text)
    {
        if (State == EslAudioStreamState.Failed || Interlocked.Exchange(ref _cleanupStarted, 1) != 0)
        {
            return false;
        }

        await CleanupAsync(text).ConfigureAwait(false);
        return true;
    }

    /// <summary><c>send_text &lt;text&gt;</c>: a text frame (only while connected).</summary>
    internal async Task<bool> SendTextAsync(string text)
    {
        if (State is not (EslAudioStreamState.Connected or EslAudioStreamState.Connecting or EslAudioStreamState.Disconnected) || Volatile.Read(ref _cleanupStarted) != 0)
        {
            return false;
        }

        await SendTextFrameAsync(text, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    /// <summary><c>pause</c>/<c>resume</c>: the audio is held back (its time passes all the same).</summary>
    internal bool Pause(bool pause)
    {
        if (State == EslAudioStreamState.Failed || Volatile.Read(ref _cleanupStarted) != 0)
        {
            return false;
        }

        _paused = pause;
        return true;
    }

    private void OnChannelDown()
    {
        // The media bug closes with the channel: the same cleanup, without a text (and without an event).
        if (Interlocked.Exchange(ref _cleanupStarted, 1) == 0)
        {
            _emulator.TrackJob(Task.Run(() => CleanupAsync(null)));
        }
    }

    private async Task RunAsync()
    {
        var socket = new ClientWebSocket();
        _socket = socket;
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // libwsc sends no pings unless STREAM_HEART_BEAT is set
        socket.Options.SetRequestHeader("Origin", $"http://{Url.Host}:{Url.Port}");
        AddExtraHeaders(socket);
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(_cleanup.Token, _emulator.Lifetime);
        connecting.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await socket.ConnectAsync(Url, connecting.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or HttpRequestException or SocketException)
        {
            if (_cleanup.IsCancellationRequested || _emulator.Lifetime.IsCancellationRequested)
            {
                Finish(EslAudioStreamState.Closed);
                return;
            }

            // CONNECT_ERROR: the ::error event, and the media bug closes (a later stop finds no stream).
            Error = ErrorBody(ex, connecting.IsCancellationRequested);
            SetState(EslAudioStreamState.Failed);
            Detach();
            FireEvent("mod_audio_stream::error", Error);
            Finish(EslAudioStreamState.Failed);
            return;
        }

        SetState(EslAudioStreamState.Connected);
        _receiving = ReceiveAsync(socket);
        try
        {
            await StreamAsync(socket).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the socket went away under the frames: the receive side reports it
        }
    }

    /// <summary>The open callback (metadata, ::connect), then the media bug's frames until the stream ends.</summary>
    private async Task StreamAsync(ClientWebSocket socket)
    {
        var token = _cleanup.Token;
        var clock = _emulator.Options.TimeProvider;
        int samplesPerFrame = SampleRate * (int)FrameDuration.TotalMilliseconds / 1000;
        var caller = _streams.ResolveCaller(Channel);
        short[] callerAudio = caller?.Render(SampleRate, _streams.TelephoneBand) ?? [];
        var frame = new byte[FrameBytes];
        long frameMicros = (long)FrameDuration.TotalMicroseconds;
        var startUtc = clock.GetUtcNow();
        long startMicros = FsText.Microseconds(startUtc);
        bool audioFirst = _streams.AudioBeforeMetadata;
        long k = 0;
        if (!audioFirst)
        {
            await OpenAsync(token).ConfigureAwait(false);
        }

        while (!token.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            if (!Channel.IsUp)
            {
                break; // hung up: the media bug reads no more frames, whenever its cleanup gets to run
            }

            long frameStart = startMicros + (k * frameMicros);
            if (!FillFrame(frame, frameStart, samplesPerFrame, callerAudio, caller?.End ?? EslCallerScriptEnd.Silence))
            {
                break; // the caller hung up at the end of its script: the channel has no more audio to read
            }

            if (!_paused)
            {
                await SendAsync(frame, WebSocketMessageType.Binary, token).ConfigureAwait(false);
                Interlocked.Increment(ref _frames);
                _emulator.NotifyChanged();
            }

            if (audioFirst)
            {
                audioFirst = false;
                await OpenAsync(token).ConfigureAwait(false); // the lab's 1 run in 3: a frame before the metadata
            }

            k++;
            double speed = _streams.Speed;
            if (!double.IsPositiveInfinity(speed))
            {
                // On a fixed schedule (no drift); a clock that never moves (a pinned test clock) is paced by its timers alone.
                var interval = TimeSpan.FromTicks((long)(FrameDuration.Ticks / speed));
                var due = TimeSpan.FromTicks((long)(k * FrameDuration.Ticks / speed));
                var wait = due - (clock.GetUtcNow() - startUtc);
                if (wait > interval)
                {
                    wait = interval;
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, token).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(Metadata))
        {
            await SendTextFrameAsync(Metadata, cancellationToken).ConfigureAwait(false);
        }

        FireEvent("mod_audio_stream::connect", "{\"status\":\"connected\"}");
    }

    /// <summary>One frame of what the media bug reads at <paramref name="frameStart"/> (µs); false once the caller is gone.</summary>
    private bool FillFrame(byte[] frame, long frameStart, int samplesPerFrame, short[] callerAudio, EslCallerScriptEnd end)
    {
        long answeredAt = _media.AnsweredAt;
        long first = answeredAt == 0 ? long.MinValue : (long)Math.Round((frameStart - answeredAt) * (double)SampleRate / 1_000_000);
        if (end == EslCallerScriptEnd.HangUp && answeredAt != 0 && first >= callerAudio.Length)
        {
            return false;
        }

        var span = frame.AsSpan();
        // A frame is what the channel read and wrote over its 20 ms: a playback under way plays through to the frame's
        // end, even when the frame is built on time, at its start (else an on-time stream would never carry it).
        var frameEnd = DateTimeOffset.UnixEpoch.AddTicks((frameStart * 10) + FrameDuration.Ticks);
        var clockNow = _emulator.Options.TimeProvider.GetUtcNow();
        var now = clockNow > frameEnd ? clockNow : frameEnd;
        for (int i = 0; i < samplesPerFrame; i++)
        {
            short read = 0;
            if (first != long.MinValue)
            {
                long index = first + i;
                if (index >= 0 && callerAudio.Length > 0)
                {
                    if (index < callerAudio.Length)
                    {
                        read = callerAudio[index];
                    }
                    else if (end == EslCallerScriptEnd.Loop)
                    {
                        read = callerAudio[index % callerAudio.Length];
                    }
                }
            }

            short write = 0;
            if (MixType != "mono")
            {
                var at = DateTimeOffset.UnixEpoch.AddTicks((frameStart * 10) + (i * 10_000_000L / SampleRate));
                write = Channel.Heard.SampleAt(at, now);
            }

            if (Channels == 2)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(span[(4 * i)..], read);
                System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(span[((4 * i) + 2)..], write);
            }
            else
            {
                short value = MixType == "mixed" ? FsAudio.Clip(read + write) : read;
                System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(span[(2 * i)..], value);
            }
        }

        return true;
    }

    private async Task ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (Volatile.Read(ref _cleanupStarted) == 0)
                    {
                        // The server closed: echo its close (libwsc replies with the same code and reason), ::disconnect.
                        ServerCloseStatus = socket.CloseStatus;
                        ServerCloseDescription = socket.CloseStatusDescription;
                        await CloseOutputAsync(socket, socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription ?? string.Empty).ConfigureAwait(false);
                        Disconnected((int)(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure), socket.CloseStatusDescription ?? string.Empty);
                    }

                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxMessageBytes)
                {
                    throw new WebSocketException(WebSocketError.Faulted, "A message over 64 MiB.");
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    string text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                    HandleMessage(text);
                }

                message.SetLength(0);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            if (Volatile.Read(ref _cleanupStarted) == 0 && !_emulator.Lifetime.IsCancellationRequested)
            {
                Disconnected(1000, "Connection closed (EOF)"); // libwsc's close callback for an EOF
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await message.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Disconnected(int code, string reason)
    {
        SetState(EslAudioStreamState.Disconnected);
        var body = new ByteBuffer(64);
        body.Append("{\"status\":\"disconnected\",\"message\":{\"code\":"u8);
        body.AppendNumber(code);
        body.Append(",\"reason\":"u8);
        CJson.AppendString(Encoding.UTF8.GetBytes(reason), body);
        body.Append("}}"u8);
        FireEvent("mod_audio_stream::disconnect", Encoding.UTF8.GetString(body.ToArray()));
    }

    /// <summary>processMessage: <c>streamAudio</c> → a file and <c>::play</c>; anything else (or a bad one) → <c>::json</c>.</summary>
    private void HandleMessage(string text)
    {
        lock (_lock)
        {
            _received.Add(text);
        }

        _emulator.NotifyChanged();
        if (TryWriteAudio(text) is { } file)
        {
            lock (_lock)
            {
                _files.Add(file);
            }

            FireEvent("mod_audio_stream::play", file.PlayEventBody);
            _emulator.NotifyChanged();
            return;
        }

        FireEvent("mod_audio_stream::json", text);
    }

    private EslAudioStreamFile? TryWriteAudio(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "streamAudio"
                || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("audioData", out var audio) || audio.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            string dataType = data.TryGetProperty("audioDataType", out var kind) && kind.ValueKind == JsonValueKind.String ? kind.GetString()! : string.Empty;
            int sampleRate = data.TryGetProperty("sampleRate", out var rate) && rate.ValueKind == JsonValueKind.Number ? (int)rate.GetDouble() : 0;
            string? extension = dataType switch
            {
                "raw" => sampleRate switch
                {
                    8000 => ".r8",
                    16000 => ".r16",
                    24000 => ".r24",
                    32000 => ".r32",
                    48000 => ".r48",
                    64000 => ".r64",
                    _ => null,
                },
                "wav" => ".wav",
                "mp3" => ".mp3",
                "ogg" => ".ogg",
                "pcmu" => ".pcmu",
                "pcma" => ".pcma",
                _ => null,
            };
            if (extension is null)
            {
                return null;
            }

            byte[] content;
            try
            {
                content = Convert.FromBase64String(audio.GetString()!);
            }
            catch (FormatException)
            {
                return null;
            }

            int index = Interlocked.Increment(ref _nextFile) - 1;
            string path = Path.Combine(_streams.FileDirectory, $"{Channel.Id}_{index.ToString(CultureInfo.InvariantCulture)}.tmp{extension}");
            try
            {
                File.WriteAllBytes(path, content);
            }
            catch (IOException)
            {
                return null;
            }

            return new EslAudioStreamFile(index, path, dataType, sampleRate, content, PlayBody(data, path));
        }
    }

    /// <summary>The message's data as cJSON prints it unformatted, without <c>audioData</c> and with <c>file</c> added last.</summary>
    private static string PlayBody(JsonElement data, string path)
    {
        var output = new ByteBuffer(256);
        output.Append((byte)'{');
        bool first = true;
        foreach (var property in data.EnumerateObject())
        {
            if (property.NameEquals("audioData"))
            {
                continue;
            }

            if (!first)
            {
                output.Append((byte)',');
            }

            first = false;
            CJson.AppendString(Encoding.UTF8.GetBytes(property.Name), output);
            output.Append((byte)':');
            CJson.AppendValue(property.Value, output);
        }

        if (!first)
        {
            output.Append((byte)',');
        }

        output.Append("\"file\":"u8);
        CJson.AppendString(Encoding.UTF8.GetBytes(path), output);
        output.Append((byte)'}');
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private async Task SendTextFrameAsync(string text, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _textSent.Add(text);
        }

        await SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, cancellationToken).ConfigureAwait(false);
        _emulator.NotifyChanged();
    }

    private async Task SendAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        var socket = _socket;
        if (socket is null || socket.State != WebSocketState.Open)
        {
            return; // writeBinary/writeText: nothing when not connected
        }

        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A frame once begun goes out whole: cancelling ClientWebSocket.SendAsync midway aborts the connection, and a
            // hangup during a frame must still end with the close handshake.
            await socket.SendAsync(payload, type, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>stream_session_cleanup: the frames stop, the files go, the final text, then the close (2 s for the peer's).</summary>
    private async Task CleanupAsync(string? text)
    {
        await _cleanup.CancelAsync().ConfigureAwait(false);
        Detach();
        foreach (var file in Files)
        {
            try
            {
                File.Delete(file.Path);
            }
            catch (IOException)
            {
                // the module's remove() ignores failures too
            }
        }

        var socket = _socket;
        if (socket is not null && socket.State == WebSocketState.Open)
        {
            try
            {
                if (text is not null)
                {
                    lock (_lock)
                    {
                        _textSent.Add(text);
                    }

                    await SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, CancellationToken.None).ConfigureAwait(false);
                }

                await CloseOutputAsync(socket, WebSocketCloseStatus.NormalClosure, "Normal closure").ConfigureAwait(false);
                await _receiving.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or TimeoutException)
            {
                // the peer is gone: nothing more to close
            }
        }

        Finish(EslAudioStreamState.Closed);
    }

    private async Task CloseOutputAsync(ClientWebSocket socket, WebSocketCloseStatus status, string reason)
    {
        await _sendGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, reason, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // already closed
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private void Finish(EslAudioStreamState state)
    {
        if (State != EslAudioStreamState.Failed)
        {
            SetState(state);
        }

        _socket?.Abort();
        _socket?.Dispose();
        _downRegistration.Dispose();
        _completion.TrySetResult();
        _emulator.NotifyChanged();
    }

    /// <summary>The media bug leaves the channel (a new start may attach one again).</summary>
    private void Detach()
    {
        lock (_media)
        {
            if (ReferenceEquals(_media.Stream, this))
            {
                _media.Stream = null;
            }
        }
    }

    private void FireEvent(string subclass, string body) => _emulator.FireAudioStreamEvent(Channel, subclass, body);

    private void AddExtraHeaders(ClientWebSocket socket)
    {
        // STREAM_EXTRA_HEADERS: a JSON object of header names and string values.
        if (Channel.GetVariable("STREAM_EXTRA_HEADERS") is not { Length: > 0 } json)
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var header in document.RootElement.EnumerateObject())
            {
                if (header.Value.ValueKind == JsonValueKind.String)
                {
                    socket.Options.SetRequestHeader(header.Name, header.Value.GetString());
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // cJSON_Parse failed or a header .NET refuses: no extra headers, as the module skips what it cannot use
        }
    }

    /// <summary>The <c>::error</c> body: libwsc's error code (6 CONNECT_FAILED) and its message.</summary>
    private static string ErrorBody(Exception exception, bool timedOut)
    {
        string message;
        if (timedOut && exception is OperationCanceledException)
        {
            message = "Connection timeout";
        }
        else if (Find<SocketException>(exception) is { } socket)
        {
            message = socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "Connection refused (system error 111)",
                SocketError.ConnectionReset => "Connection reset by peer (system error 104)",
                SocketError.TimedOut => "Connection timed out (system error 110)",
                SocketError.HostUnreachable => "No route to host (system error 113)",
                SocketError.NetworkUnreachable => "Network is unreachable (system error 101)",
                _ => socket.Message,
            };
        }
        else
        {
            message = "WebSocket upgrade failed";
        }

        var body = new ByteBuffer(96);
        body.Append("{\"status\":\"error\",\"message\":{\"code\":6,\"error\":"u8);
        CJson.AppendString(Encoding.UTF8.GetBytes(message), body);
        body.Append("}}"u8);
        return Encoding.UTF8.GetString(body.ToArray());
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}

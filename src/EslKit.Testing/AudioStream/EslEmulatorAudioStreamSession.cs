using System.Net.WebSockets;
using EslKit.Testing.Internal;

namespace EslKit.Testing;

/// <summary>
/// One stream of the emulated mod_audio_stream (<c>uuid_audio_stream &lt;uuid&gt; start &lt;url&gt; &lt;mix&gt; &lt;rate&gt;
/// [metadata]</c>): the WebSocket it opened to your server, what it sent (metadata, audio frames, texts) and received
/// (<c>streamAudio</c> and other messages), the files it wrote, and how it ended. See <see cref="EslEmulatorAudioStreams"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The stream disposes its socket and tokens when it ends (Completion); it is observed after that.")]
public sealed partial class EslEmulatorAudioStreamSession
{
    private readonly EslSwitchEmulator _emulator;
    private readonly EslEmulatorAudioStreams _streams;
    private readonly FsChannelMedia _media;
    private readonly object _lock = new();
    private readonly List<string> _textSent = [];
    private readonly List<string> _received = [];
    private readonly List<EslAudioStreamFile> _files = [];
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _frames;
    private int _state;
    private volatile bool _paused;

    internal EslEmulatorAudioStreamSession(EslSwitchEmulator emulator, EslEmulatorAudioStreams streams, EslEmulatorChannel channel, Uri url, string mixType, int sampleRate, string? metadata, int frameMilliseconds)
    {
        _emulator = emulator;
        _streams = streams;
        _media = channel.Media;
        Channel = channel;
        Url = url;
        MixType = mixType;
        SampleRate = sampleRate;
        Metadata = metadata;
        FrameDuration = TimeSpan.FromMilliseconds(frameMilliseconds);
        Channels = mixType == "stereo" ? 2 : 1;
        FrameBytes = sampleRate * frameMilliseconds / 1000 * 2 * Channels;
        StartedAt = emulator.Options.TimeProvider.GetUtcNow();
    }

    /// <summary>The channel it streams.</summary>
    public EslEmulatorChannel Channel { get; }

    /// <summary>The channel's uuid.</summary>
    public Guid UniqueId => Channel.UniqueId;

    /// <summary>The WebSocket URL it connected to.</summary>
    public Uri Url { get; }

    /// <summary><c>mono</c> (what the channel reads: the caller), <c>mixed</c> (the caller and what is played to them, summed) or <c>stereo</c> (caller left, played audio right).</summary>
    public string MixType { get; }

    /// <summary>The stream's rate (8000 or 16000 …).</summary>
    public int SampleRate { get; }

    /// <summary>1, or 2 for <c>stereo</c>.</summary>
    public int Channels { get; }

    /// <summary>The metadata given at start, sent as the first text frame (or null).</summary>
    public string? Metadata { get; }

    /// <summary>Each binary frame's length of audio: 20 ms (or the <c>STREAM_BUFFER_SIZE</c> channel variable, a multiple of 20).</summary>
    public TimeSpan FrameDuration { get; }

    /// <summary>Each binary frame's size: 640 bytes at 16 kHz mono for 20 ms, 320 at 8 kHz, twice that in stereo.</summary>
    public int FrameBytes { get; }

    /// <summary>When <c>start</c> ran, on the emulator's clock.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Where the stream is.</summary>
    public EslAudioStreamState State => (EslAudioStreamState)Volatile.Read(ref _state);

    /// <summary>True while <c>uuid_audio_stream … pause</c> holds the audio back.</summary>
    public bool IsPaused => _paused;

    /// <summary>Binary audio frames sent so far.</summary>
    public long FramesSent => Interlocked.Read(ref _frames);

    /// <summary>The text frames sent, in order: the metadata, <c>send_text</c>'s texts, <c>stop</c>'s final text.</summary>
    public IReadOnlyList<string> TextSent
    {
        get
        {
            lock (_lock)
            {
                return [.. _textSent];
            }
        }
    }

    /// <summary>The text messages the server sent, in order (<c>streamAudio</c> and any other).</summary>
    public IReadOnlyList<string> MessagesReceived
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>The files written for <c>streamAudio</c> messages, in order.</summary>
    public IReadOnlyList<EslAudioStreamFile> Files
    {
        get
        {
            lock (_lock)
            {
                return [.. _files];
            }
        }
    }

    /// <summary>The close status the server sent, when it closed the stream (<see cref="EslAudioStreamState.Disconnected"/>).</summary>
    public WebSocketCloseStatus? ServerCloseStatus { get; private set; }

    /// <summary>The close reason the server sent.</summary>
    public string? ServerCloseDescription { get; private set; }

    /// <summary>Why the connection failed (the <c>mod_audio_stream::error</c> body), when it did.</summary>
    public string? Error { get; private set; }

    /// <summary>Completes once the stream has ended (closed, failed, or disconnected and cleaned up).</summary>
    public Task Completion => _completion.Task;

    /// <summary>Waits until at least <paramref name="count"/> audio frames were sent.</summary>
    /// <exception cref="TimeoutException">Not within <paramref name="timeout"/> (10 s by default).</exception>
    public Task WaitForFramesAsync(long count, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _emulator.WaitUntilAsync(() => FramesSent >= count, () => $"{count} audio frames on {UniqueId} (sent {FramesSent}, {State})", timeout, cancellationToken);

    /// <summary>Waits until the stream is in <paramref name="state"/>.</summary>
    /// <exception cref="TimeoutException">Not within <paramref name="timeout"/> (10 s by default).</exception>
    public Task WaitForStateAsync(EslAudioStreamState state, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _emulator.WaitUntilAsync(() => State == state, () => $"audio stream {UniqueId} to be {state} (it is {State})", timeout, cancellationToken);

    /// <summary>Waits until <paramref name="count"/> files were written (<c>streamAudio</c> handled, <c>::play</c> fired).</summary>
    /// <exception cref="TimeoutException">Not within <paramref name="timeout"/> (10 s by default).</exception>
    public async Task<EslAudioStreamFile> WaitForFileAsync(int count = 1, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        await _emulator.WaitUntilAsync(() => Files.Count >= count, () => $"{count} streamAudio file(s) on {UniqueId} (written {Files.Count})", timeout, cancellationToken).ConfigureAwait(false);
        return Files[count - 1];
    }

    /// <inheritdoc />
    public override string ToString() => $"audio stream {UniqueId} → {Url} ({MixType} {SampleRate} Hz, {State}, {FramesSent} frames)";

    private void SetState(EslAudioStreamState state)
    {
        Volatile.Write(ref _state, (int)state);
        _emulator.NotifyChanged();
    }
}

using System.Collections.Concurrent;

namespace EslKit.Testing;

/// <summary>
/// The emulated mod_audio_stream (<see cref="EslSwitchEmulator.AudioStreams"/>): on <c>uuid_audio_stream &lt;uuid&gt; start
/// &lt;ws-url&gt; mono|mixed|stereo 8k|16k [metadata]</c> it opens the WebSocket the way the real module does (upgrade with
/// an Origin, client masking, the metadata as the first text frame) and sends the call's audio in 20 ms L16 frames — the
/// scripted caller (<see cref="SetCaller"/>), through a telephone channel — paced in real time (or <see cref="Speed"/>
/// times faster); it turns <c>streamAudio</c> messages into files (<see cref="FileDirectory"/>) announced by CUSTOM
/// <c>mod_audio_stream::play</c>, other messages into <c>::json</c>, a server close into <c>::disconnect</c> and a failed
/// connect into <c>::error</c>; <c>stop</c>, <c>send_text</c>, <c>pause</c> and <c>resume</c> answer as the module does.
/// </summary>
public sealed class EslEmulatorAudioStreams
{
    private readonly EslSwitchEmulator _emulator;
    private readonly ConcurrentDictionary<string, EslCallerScript> _callers = new(StringComparer.Ordinal);
    private readonly List<EslEmulatorAudioStreamSession> _streams = [];
    private readonly Lazy<string> _directory;
    private double _speed = 1;

    internal EslEmulatorAudioStreams(EslSwitchEmulator emulator)
    {
        _emulator = emulator;
        _directory = new Lazy<string>(() => Directory.CreateTempSubdirectory("eslkit-emulator-").FullName, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The caller of numbers with no script of their own (default: none, the caller is silent).</summary>
    public EslCallerScript? DefaultCaller { get; set; }

    /// <summary>
    /// How fast the frames go: 1 (the default) is real time on the emulator's clock, 20 ms a frame; 10 is ten times
    /// faster; <see cref="double.PositiveInfinity"/> as fast as the socket takes them. The audio in them is the same.
    /// </summary>
    public double Speed
    {
        get => Volatile.Read(ref _speed);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            if (double.IsNaN(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), "Speed is a positive number.");
            }

            Volatile.Write(ref _speed, value);
        }
    }

    /// <summary>
    /// True: the first binary frame goes before the metadata text frame — what the lab saw in about 1 run in 3 (the module
    /// sends the metadata from its connect callback while audio already flows). An endpoint must cope with both.
    /// </summary>
    public bool AudioBeforeMetadata { get; set; }

    /// <summary>
    /// True (the default): the caller's audio reaches the stream as a real call's does — through a G.711 channel (8 kHz,
    /// μ-law) and resampled to the stream's rate. False: the script's audio at the stream's rate, untouched.
    /// </summary>
    public bool TelephoneBand { get; set; } = true;

    /// <summary>
    /// Where the files of <c>streamAudio</c> are written (<c>&lt;directory&gt;/&lt;uuid&gt;_&lt;n&gt;.tmp.r16</c>, the shape
    /// the module uses under /tmp): a temporary directory the emulator creates when first needed and deletes when disposed.
    /// </summary>
    public string FileDirectory => _directory.Value;

    /// <summary>Every stream started, in order.</summary>
    public IReadOnlyList<EslEmulatorAudioStreamSession> Streams
    {
        get
        {
            lock (_streams)
            {
                return [.. _streams];
            }
        }
    }

    /// <summary>Scripts what the caller at <paramref name="number"/> (the number dialled) says once the call is answered.</summary>
    public void SetCaller(string number, EslCallerScript script)
    {
        ArgumentException.ThrowIfNullOrEmpty(number);
        ArgumentNullException.ThrowIfNull(script);
        _callers[number] = script;
    }

    /// <summary>Forgets the script of <paramref name="number"/>.</summary>
    public bool RemoveCaller(string number) => _callers.TryRemove(number, out _);

    /// <summary>Waits until a stream matching <paramref name="predicate"/> (any, when null) has started; returns it.</summary>
    /// <exception cref="TimeoutException">Not within <paramref name="timeout"/> (10 s by default).</exception>
    public async Task<EslEmulatorAudioStreamSession> WaitForStreamAsync(Func<EslEmulatorAudioStreamSession, bool>? predicate = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        EslEmulatorAudioStreamSession? found = null;
        await _emulator.WaitUntilAsync(
            () => (found = Streams.FirstOrDefault(s => predicate?.Invoke(s) ?? true)) is not null,
            () => $"an audio stream; started: {string.Join(", ", Streams)}",
            timeout,
            cancellationToken).ConfigureAwait(false);
        return found!;
    }

    /// <summary>Waits until a stream of the channel <paramref name="uniqueId"/> has started.</summary>
    public Task<EslEmulatorAudioStreamSession> WaitForStreamAsync(Guid uniqueId, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForStreamAsync(s => s.UniqueId == uniqueId, timeout, cancellationToken);

    /// <summary>The caller's script for a channel: its call's own, its number's, or the default.</summary>
    internal EslCallerScript? ResolveCaller(EslEmulatorChannel channel)
    {
        var media = channel.Media;
        lock (media)
        {
            if (!media.CallerResolved)
            {
                media.Caller = channel.OutboundCall?.Options.Caller
                    ?? (_callers.TryGetValue(channel.DestinationNumber, out var script) ? script : DefaultCaller);
                media.CallerResolved = true;
            }

            return media.Caller;
        }
    }

    /// <summary>The caller's script for a number (the far end of an originated call).</summary>
    internal EslCallerScript? CallerFor(string number) => _callers.TryGetValue(number, out var script) ? script : DefaultCaller;

    internal void Add(EslEmulatorAudioStreamSession stream)
    {
        lock (_streams)
        {
            _streams.Add(stream);
        }

        _emulator.NotifyChanged();
    }

    /// <summary>At dispose: the files' directory goes.</summary>
    internal void DeleteFiles()
    {
        if (_directory.IsValueCreated)
        {
            try
            {
                Directory.Delete(_directory.Value, recursive: true);
            }
            catch (IOException)
            {
                // a file still open elsewhere: the system's temp cleanup takes it
            }
            catch (UnauthorizedAccessException)
            {
                // same
            }
        }
    }
}

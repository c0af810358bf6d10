namespace EslKit.Testing.Internal;

/// <summary>
/// A channel's media as the emulator models it: when it was answered (the caller's script runs from then), who the
/// caller is, what was played into it, and its mod_audio_stream media bug (at most one, as the module allows). An
/// originated leg hands it on to the outbound socket call that takes the channel over.
/// </summary>
internal sealed class FsChannelMedia
{
    private long _answeredAt;

    public EslHeardAudio Heard { get; } = new();

    /// <summary>When the channel was answered (µs on the emulator's clock), 0 before.</summary>
    public long AnsweredAt => Volatile.Read(ref _answeredAt);

    /// <summary>The caller's script, once resolved (per call, per number, or the default).</summary>
    public EslCallerScript? Caller { get; set; }

    /// <summary>True once the caller's script was looked up (null then means silence).</summary>
    public bool CallerResolved { get; set; }

    /// <summary>The running stream (mod_audio_stream's "audio_stream" bug), or null.</summary>
    public EslEmulatorAudioStreamSession? Stream { get; set; }

    public void MarkAnswered(long micros) => Interlocked.CompareExchange(ref _answeredAt, micros, 0);
}

using EslKit.Testing.Internal.Audio;

namespace EslKit.Testing;

/// <summary>One file played into a call (<see cref="EslHeardAudio.Playbacks"/>): what it was, when, and how much of it the caller heard.</summary>
public sealed class EslHeardPlayback
{
    private readonly short[] _audio;
    private long _playedSamples = -1;

    internal EslHeardPlayback(string file, DateTimeOffset startedAt, short[] audio)
    {
        File = file;
        StartedAt = startedAt;
        _audio = audio;
    }

    /// <summary>The file as <c>playback</c> was given it.</summary>
    public string File { get; }

    /// <summary>When it started, on the emulator's clock.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The whole file's length.</summary>
    public TimeSpan Length => TimeSpan.FromSeconds((double)_audio.Length / EslHeardAudio.SampleRate);

    /// <summary>How much of it was played (all of it, or up to <c>uuid_break</c> or the hangup); zero while it still plays.</summary>
    public TimeSpan Played => TimeSpan.FromSeconds((double)Math.Max(0, Volatile.Read(ref _playedSamples)) / EslHeardAudio.SampleRate);

    /// <summary>True once it has stopped.</summary>
    public bool IsComplete => Volatile.Read(ref _playedSamples) >= 0;

    /// <summary>True when it stopped before its end (<c>Playback-Status: break</c>, or the call hung up).</summary>
    public bool Interrupted { get; private set; }

    /// <summary>The part the caller heard, as L16 (signed 16-bit little-endian, mono, 16 kHz).</summary>
    public byte[] ToL16() => FsAudio.ToL16(HeardSamples);

    internal ReadOnlySpan<short> HeardSamples => _audio.AsSpan(0, (int)Math.Max(0, Volatile.Read(ref _playedSamples)));

    internal ReadOnlySpan<short> Audio => _audio;

    internal void Finish(long playedSamples, bool interrupted)
    {
        Interrupted = interrupted;
        Volatile.Write(ref _playedSamples, Math.Clamp(playedSamples, 0, _audio.Length));
    }

    /// <inheritdoc />
    public override string ToString() => $"{File}: {Played.TotalSeconds:0.###} s of {Length.TotalSeconds:0.###} s{(Interrupted ? " (interrupted)" : string.Empty)}";
}

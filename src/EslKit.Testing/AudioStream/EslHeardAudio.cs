using EslKit.Testing.Internal.Audio;

namespace EslKit.Testing;

/// <summary>
/// What the caller of an emulated call heard: the audio actually played into the call by <c>playback</c> (a file
/// <c>mod_audio_stream</c> wrote from <c>streamAudio</c>, or any L16/WAV/G.711 file), each file up to where it stopped —
/// its end, <c>uuid_break</c> or the hangup. Read it as L16 or WAV to check it is the speech the test expects
/// (<see cref="EslEmulatorChannel.Heard"/>, <see cref="EslEmulatorOutboundCall.Heard"/>).
/// </summary>
public sealed class EslHeardAudio
{
    /// <summary>The recording's rate: 16 kHz mono (files of other rates are resampled).</summary>
    public const int SampleRate = 16000;

    private readonly List<EslHeardPlayback> _playbacks = [];

    /// <summary>Every file played into the call, in order.</summary>
    public IReadOnlyList<EslHeardPlayback> Playbacks
    {
        get
        {
            lock (_playbacks)
            {
                return [.. _playbacks];
            }
        }
    }

    /// <summary>How long the caller heard played audio in all.</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(Playbacks.Sum(p => p.Played.Ticks));

    /// <summary>All the audio the caller heard, one playback after another, as L16 (signed 16-bit little-endian, mono, 16 kHz).</summary>
    public byte[] ToL16() => FsAudio.ToL16(Concatenate());

    /// <summary>The same as a WAV file (16-bit PCM, mono, 16 kHz).</summary>
    public byte[] ToWav() => FsAudio.WriteWav(Concatenate(), SampleRate);

    /// <summary>Writes <see cref="ToWav"/> to <paramref name="destination"/>.</summary>
    public Task WriteWavAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return destination.WriteAsync(ToWav(), cancellationToken).AsTask();
    }

    internal EslHeardPlayback Begin(string file, DateTimeOffset startedAt, short[] audio16k)
    {
        var playback = new EslHeardPlayback(file, startedAt, audio16k);
        lock (_playbacks)
        {
            _playbacks.Add(playback);
        }

        return playback;
    }

    /// <summary>
    /// The write direction at <paramref name="at"/> (what is being played into the call then), for a mixed or stereo
    /// stream: the sample of the playback that covers that moment, else silence.
    /// </summary>
    internal short SampleAt(DateTimeOffset at, DateTimeOffset now)
    {
        lock (_playbacks)
        {
            for (int i = _playbacks.Count - 1; i >= 0; i--)
            {
                var playback = _playbacks[i];
                if (at < playback.StartedAt)
                {
                    continue;
                }

                long index = (long)((at - playback.StartedAt).TotalSeconds * SampleRate);
                long limit = playback.IsComplete ? (long)(playback.Played.TotalSeconds * SampleRate) : (long)((now - playback.StartedAt).TotalSeconds * SampleRate);
                var audio = playback.Audio;
                return index < Math.Min(limit, audio.Length) ? audio[(int)index] : (short)0;
            }

            return 0;
        }
    }

    private short[] Concatenate()
    {
        var playbacks = Playbacks;
        var all = new short[playbacks.Sum(p => p.HeardSamples.Length)];
        int at = 0;
        foreach (var playback in playbacks)
        {
            var heard = playback.HeardSamples;
            heard.CopyTo(all.AsSpan(at));
            at += heard.Length;
        }

        return all;
    }
}

using System.Collections.Concurrent;
using EslKit.Testing.Internal.Audio;

namespace EslKit.Testing;

/// <summary>
/// What an emulated caller says once the call is answered, as the audio the channel reads: sentences (WAV files or raw
/// L16, e.g. made with espeak-ng) with pauses before, between and after them, then silence, a loop or a hangup
/// (<see cref="End"/>). mod_audio_stream's stream of the call (<c>uuid_audio_stream … start</c>) carries it, 20 ms at a
/// time, from the moment the stream starts. Build one and give it to <see cref="EslEmulatorAudioStreams.SetCaller"/> (per
/// number) or <see cref="EslOutboundCallOptions.Caller"/> (per call):
/// <code>
/// var caller = new EslCallerScript()
///     .Pause(TimeSpan.FromSeconds(1.5))
///     .Say("book-an-appointment.wav")        // any rate, 16-bit PCM (or G.711) WAV
///     .Pause(TimeSpan.FromSeconds(2))
///     .Say(l16Bytes, sampleRate: 16000)       // raw signed 16-bit little-endian mono
///     .ThenHangUp();
/// </code>
/// </summary>
/// <remarks>A script is immutable once in use: its parts are added before the call starts, and it can serve many calls.</remarks>
public sealed class EslCallerScript
{
    private readonly List<Part> _parts = [];
    private readonly ConcurrentDictionary<(int Rate, bool TelephoneBand), short[]> _rendered = new();

    /// <summary>What happens once the script has been said (default: silence).</summary>
    public EslCallerScriptEnd End { get; private set; } = EslCallerScriptEnd.Silence;

    /// <summary>The script's length (its sentences and pauses, once).</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(_parts.Sum(p => p.Duration.Ticks));

    /// <summary>How many sentences it has.</summary>
    public int SentenceCount => _parts.Count(p => p.Samples is not null);

    /// <summary>Silence for <paramref name="duration"/> (before, between or after sentences).</summary>
    public EslCallerScript Pause(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        _parts.Add(new Part(null, 8000, duration));
        return this;
    }

    /// <summary>A sentence from a WAV file (16-bit PCM, μ-law or A-law; any rate; several channels are mixed down).</summary>
    /// <exception cref="InvalidDataException">Not a WAV file the emulator reads.</exception>
    public EslCallerScript Say(string wavPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(wavPath);
        var (samples, rate) = FsAudio.ReadWav(File.ReadAllBytes(wavPath));
        return Add(samples, rate);
    }

    /// <summary>A sentence of raw L16 (signed 16-bit little-endian, mono) at <paramref name="sampleRate"/> Hz.</summary>
    public EslCallerScript Say(ReadOnlySpan<byte> l16, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        return Add(FsAudio.FromL16(l16), sampleRate);
    }

    /// <summary>After the script, it starts over.</summary>
    public EslCallerScript Loop() => SetEnd(EslCallerScriptEnd.Loop);

    /// <summary>After the script, the caller hangs up (NORMAL_CLEARING): the call ends once its audio is over.</summary>
    public EslCallerScript ThenHangUp() => SetEnd(EslCallerScriptEnd.HangUp);

    /// <summary>The last sentence's samples and rate as the far end's file (for its leg's <c>playback_*</c> variables), or null.</summary>
    internal (long Samples, int Rate)? LastSentence =>
        _parts.LastOrDefault(p => p.Samples is not null) is { } last ? (last.Samples!.Length, last.Rate) : null;

    /// <summary>
    /// The whole script as the channel reads it at <paramref name="rate"/> Hz: with <paramref name="telephoneBand"/>,
    /// through a G.711 channel first (8 kHz, μ-law), as a real call's audio is; cached per rate.
    /// </summary>
    internal short[] Render(int rate, bool telephoneBand) => _rendered.GetOrAdd((rate, telephoneBand), key =>
    {
        int channelRate = key.TelephoneBand ? 8000 : key.Rate;
        var parts = new List<short[]>();
        foreach (var part in _parts)
        {
            if (part.Samples is null)
            {
                parts.Add(new short[(int)Math.Round(part.Duration.TotalSeconds * channelRate)]);
            }
            else
            {
                parts.Add(FsAudio.Resample(part.Samples, part.Rate, channelRate));
            }
        }

        short[] audio = [.. parts.SelectMany(p => p)];
        if (key.TelephoneBand)
        {
            FsAudio.MuLawRoundTrip(audio);
            audio = FsAudio.Resample(audio, channelRate, key.Rate);
        }

        return audio;
    });

    private EslCallerScript Add(short[] samples, int rate)
    {
        _parts.Add(new Part(samples, rate, TimeSpan.FromSeconds((double)samples.Length / rate)));
        return this;
    }

    private EslCallerScript SetEnd(EslCallerScriptEnd end)
    {
        End = end;
        return this;
    }

    private sealed record Part(short[]? Samples, int Rate, TimeSpan Duration);
}

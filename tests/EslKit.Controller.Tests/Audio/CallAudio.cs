using EslKit.AudioStream;
using EslKit.Shared;

namespace EslKit.Controller.Tests.Audio;

/// <summary>Real and synthetic call audio for the audio and speech tests.</summary>
internal static class CallAudio
{
    /// <summary>16 kHz: what mod_audio_stream sends for "mono 16k".</summary>
    public const int SampleRate = 16_000;

    /// <summary>One 20 ms frame at 16 kHz.</summary>
    public const int FrameLength = 320;

    private static readonly Lazy<short[]> CaptureAudio = new(() =>
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(RepositoryPaths.Fixtures(), "freeswitch-calls", "call-socket-session-ws.audio.raw"));
        var samples = new short[bytes.Length / 2];
        Pcm16.ReadLittleEndian(bytes, samples);
        return samples;
    });

    /// <summary>
    /// The callee's audio of the real call (freeswitch-calls/call-socket-session-ws.audio.raw): 25 s of 16 kHz L16,
    /// telephone band (G.711 at 8 kHz, resampled by FreeSWITCH), "I would like to book an appointment for next
    /// Tuesday." at about 1.4–4.6 s.
    /// </summary>
    public static short[] Capture => CaptureAudio.Value;

    /// <summary>Puts 16 kHz audio through a telephone line: down to 8 kHz, G.711 μ-law and back, up to 16 kHz (what FreeSWITCH does).</summary>
    public static short[] ThroughTelephone(short[] audio)
    {
        short[] narrow = Resample(audio, SampleRate, 8_000);
        var codes = new byte[narrow.Length];
        G711.EncodeMuLaw(narrow, codes);
        G711.DecodeMuLaw(codes, narrow);
        return Resample(narrow, 8_000, SampleRate);
    }

    /// <summary>Resamples in one pass.</summary>
    public static short[] Resample(short[] audio, int from, int to)
    {
        var resampler = new PcmResampler(from, to);
        var output = new short[resampler.GetOutputLength(audio.Length)];
        resampler.Process(audio, output);
        return output;
    }

    /// <summary>Scales by <paramref name="db"/> decibels.</summary>
    public static short[] Gain(short[] audio, double db)
    {
        float factor = (float)Math.Pow(10, db / 20);
        return audio.Select(sample => Pcm16.Saturate(sample * factor)).ToArray();
    }

    /// <summary>The audio with <paramref name="before"/> and <paramref name="after"/> of silence around it.</summary>
    public static short[] Pad(short[] audio, TimeSpan before, TimeSpan after)
    {
        int lead = (int)(before.TotalSeconds * SampleRate);
        var padded = new short[lead + audio.Length + (int)(after.TotalSeconds * SampleRate)];
        audio.CopyTo(padded, lead);
        return padded;
    }

    /// <summary>Silence.</summary>
    public static short[] Silence(TimeSpan duration) => new short[(int)(duration.TotalSeconds * SampleRate)];

    /// <summary>A sine tone.</summary>
    public static short[] Tone(double frequency, TimeSpan duration, double peakDbfs)
    {
        double amplitude = PcmLevel.FromDbfs(peakDbfs);
        return Enumerable.Range(0, (int)(duration.TotalSeconds * SampleRate))
            .Select(i => (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * frequency * i / SampleRate)))
            .ToArray();
    }

    /// <summary>Gaussian white noise at an RMS level (seeded: reproducible).</summary>
    public static short[] Noise(TimeSpan duration, double rmsDbfs, int seed)
    {
        var random = new Random(seed);
        double sigma = PcmLevel.FromDbfs(rmsDbfs);
        return Enumerable.Range(0, (int)(duration.TotalSeconds * SampleRate)).Select(_ =>
        {
            double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return Pcm16.Saturate((float)(gaussian * sigma));
        }).ToArray();
    }

    /// <summary>Concatenates stretches of audio.</summary>
    public static short[] Concat(params short[][] parts) => parts.SelectMany(part => part).ToArray();

    /// <summary>Mixes two signals of equal length.</summary>
    public static short[] Mix(short[] a, short[] b) => a.Zip(b, (x, y) => Pcm16.Saturate(x + y)).ToArray();

    /// <summary>The audio cut into 20 ms frames (a trailing partial frame is dropped, as the stream never sends one).</summary>
    public static IEnumerable<ReadOnlyMemory<short>> Frames(short[] audio)
    {
        for (int at = 0; at + FrameLength <= audio.Length; at += FrameLength)
        {
            yield return audio.AsMemory(at, FrameLength);
        }
    }
}

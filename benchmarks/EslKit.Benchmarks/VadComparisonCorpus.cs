using EslKit.AudioStream;
using EslKit.Controller.Speech.ESpeak;

namespace EslKit.Benchmarks;

/// <summary>
/// The recorded calls both voice-activity detectors are compared on, all 16 kHz as the pipeline feeds them: the real
/// capture, espeak-ng speech and backchannels through a telephone line (8 kHz G.711 μ-law and back) over line noise,
/// and non-speech (synthetic coughs, clicks, echo of the agent's own voice, noise). Seeded: the same every run.
/// </summary>
public static class VadComparisonCorpus
{
    /// <summary>Sentences a caller says; each is one utterance whose onset must be found.</summary>
    public static readonly string[] Sentences =
    [
        "I would like to book an appointment for next Tuesday.",
        "Yes, that works for me.",
        "No.",
        "Hello?",
        "Can you repeat that please?",
        "My number is four five six seven.",
        "Actually, wait, I have a question about my bill.",
        "Stop.",
        "Could you call me back tomorrow morning?",
        "I am not interested, thank you.",
        "Speak to a person.",
        "Friday at three would be better.",
    ];

    /// <summary>Backchannels: speech that must not cut the agent off.</summary>
    public static readonly string[] Backchannels = ["uh-huh", "mm-hmm", "okay", "yeah", "right"];

    /// <summary>RMS levels of the line noise the items are mixed with.</summary>
    public static readonly double[] NoiseLevelsDbfs = [-55, -40];

    private const int Rate = 16_000;
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(1.5);

    /// <summary>Builds the corpus (synthesises with espeak-ng in process).</summary>
    public static async Task<IReadOnlyList<VadCorpusItem>> BuildAsync()
    {
        var items = new List<VadCorpusItem>();
        short[] capture = PcmCapture.Load();
        items.Add(new VadCorpusItem("real call (capture)", VadCorpusKind.Speech, capture, 1.40, 4.62));

        using var synthesizer = new ESpeakTextToSpeech(new ESpeakOptions());
        int seed = 100;
        foreach (double noise in NoiseLevelsDbfs)
        {
            foreach (string sentence in Sentences)
            {
                short[] speech = await synthesizer.SynthesizeAsync(sentence);
                (double onset, double end) = Edges(speech);
                items.Add(new VadCorpusItem($"sentence, noise {noise} dBFS", VadCorpusKind.Speech, Line(Pad(speech), noise, seed++), Lead.TotalSeconds + onset, Lead.TotalSeconds + end));
            }

            foreach (string word in Backchannels)
            {
                short[] speech = await synthesizer.SynthesizeAsync(word);
                items.Add(new VadCorpusItem($"backchannel, noise {noise} dBFS", VadCorpusKind.Backchannel, Line(Pad(speech), noise, seed++), 0, 0));
            }

            foreach (int milliseconds in new[] { 150, 250, 350, 450, 600 })
            {
                items.Add(new VadCorpusItem($"cough, noise {noise} dBFS", VadCorpusKind.NonSpeech, Line(Pad(Cough(milliseconds, seed)), noise, seed++), 0, 0));
            }

            items.Add(new VadCorpusItem($"clicks, noise {noise} dBFS", VadCorpusKind.NonSpeech, Line(Pad(Clicks(seed)), noise, seed++), 0, 0));

            // The agent's own voice coming back from the far end 25 dB down (a hybrid echo).
            short[] reply = await synthesizer.SynthesizeAsync("Your appointment is booked for Tuesday at ten. Is there anything else?");
            items.Add(new VadCorpusItem($"echo -25 dB, noise {noise} dBFS", VadCorpusKind.NonSpeech, Line(Pad(Gain(reply, -25)), noise, seed++), 0, 0));

            items.Add(new VadCorpusItem($"noise only, noise {noise} dBFS", VadCorpusKind.NonSpeech, Line(new short[10 * Rate], noise, seed++), 0, 0));
        }

        return items;
    }

    /// <summary>Where the synthesised speech really starts and ends (espeak-ng pads it with silence).</summary>
    private static (double Onset, double End) Edges(short[] speech)
    {
        int first = Array.FindIndex(speech, sample => Math.Abs((int)sample) > 300);
        int last = Array.FindLastIndex(speech, sample => Math.Abs((int)sample) > 300);
        return (first / (double)Rate, last / (double)Rate);
    }

    private static short[] Pad(short[] audio)
    {
        int lead = (int)(Lead.TotalSeconds * Rate);
        var padded = new short[lead + audio.Length + (2 * Rate)];
        audio.CopyTo(padded, lead);
        return padded;
    }

    /// <summary>Mixed with line noise, then through the telephone line (8 kHz μ-law), back to 16 kHz.</summary>
    private static short[] Line(short[] audio, double noiseDbfs, int seed)
    {
        var random = new Random(seed);
        double sigma = PcmLevel.FromDbfs(noiseDbfs);
        var noisy = new short[audio.Length];
        for (int i = 0; i < audio.Length; i++)
        {
            noisy[i] = Pcm16.Saturate((float)(audio[i] + (Gaussian(random) * sigma)));
        }

        short[] narrow = Resample(noisy, Rate, 8_000);
        var codes = new byte[narrow.Length];
        G711.EncodeMuLaw(narrow, codes);
        G711.DecodeMuLaw(codes, narrow);
        return Resample(narrow, 8_000, Rate);
    }

    /// <summary>A cough-like burst: low-passed noise at −10 dBFS with a 10 ms attack and an exponential decay.</summary>
    private static short[] Cough(int milliseconds, int seed)
    {
        var random = new Random(seed);
        int length = milliseconds * Rate / 1000;
        var burst = new short[length];
        double amplitude = PcmLevel.FromDbfs(-10) * 2;
        double low = 0;
        for (int i = 0; i < length; i++)
        {
            double t = (double)i / Rate;
            double envelope = Math.Min(1, t / 0.010) * Math.Exp(-3 * i / (double)length);
            low += 0.35 * (Gaussian(random) - low);
            burst[i] = Pcm16.Saturate((float)(low * amplitude * envelope));
        }

        return burst;
    }

    /// <summary>Clicks: single 2 ms impulses and a 1 s train of them every 80 ms (a handset knocked, a keypad).</summary>
    private static short[] Clicks(int seed)
    {
        var random = new Random(seed);
        var audio = new short[3 * Rate];
        foreach (int at in new[] { 0, Rate / 2 }.Concat(Enumerable.Range(0, 13).Select(i => Rate + (i * Rate * 80 / 1000))))
        {
            for (int i = 0; i < 32; i++)
            {
                audio[at + i] = (short)(random.Next(2) == 0 ? 20_000 : -20_000);
            }
        }

        return audio;
    }

    private static short[] Gain(short[] audio, double db)
    {
        float factor = (float)Math.Pow(10, db / 20);
        return audio.Select(sample => Pcm16.Saturate(sample * factor)).ToArray();
    }

    private static short[] Resample(short[] audio, int from, int to)
    {
        var resampler = new PcmResampler(from, to);
        var output = new short[resampler.GetOutputLength(audio.Length)];
        resampler.Process(audio, output);
        return output;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

using BenchmarkDotNet.Attributes;
using EslKit.Controller.Audio;
using EslKit.Controller.Speech;
using EslKit.Controller.Speech.ESpeak;
using EslKit.Controller.Speech.PocketSphinx;
using EslKit.Controller.Speech.Scripted;

namespace EslKit.Benchmarks;

/// <summary>
/// The offline engines: pocketsphinx recognising the real call's sentence (3.4 s of conditioned audio, fed in 20 ms
/// frames with the appointment-desk grammar, as the streaming recogniser feeds it) and espeak-ng synthesising one
/// sentence to 16 kHz, against a copy of the same audio. Real-time factor = recognition time / 3.4 s; one core
/// holds about 1 / RTF concurrent recognitions.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[Config(typeof(SlowBuildConfig))]
public class SpeechBenchmarks
{
    private short[] _utterance = null!;
    private short[] _copy = null!;
    private SpeechGrammar _grammar = null!;
    private PocketSphinxSpeechToText _recognizer = null!;
    private ESpeakTextToSpeech _synthesizer = null!;

    /// <summary>Seconds of audio in the recognised utterance.</summary>
    public double UtteranceSeconds => _utterance.Length / 16_000.0;

    [GlobalSetup]
    public void Setup()
    {
        // The capture from the lead-in before the sentence to the lead-out after it, conditioned once (the
        // conditioning's own cost is in VadBenchmarks).
        short[] capture = PcmCapture.Load();
        short[] raw = capture[(int)(1.23 * 16_000)..(int)(4.68 * 16_000)];
        var conditioner = new NarrowbandConditioner(new NarrowbandConditionerOptions());
        conditioner.BeginUtterance(raw);
        _utterance = new short[raw.Length];
        conditioner.Process(raw, _utterance);
        _copy = new short[_utterance.Length];
        _grammar = new ScriptedAgentFactory(ScriptedAgentOptions.AppointmentDesk()).Grammar;
        _recognizer = new PocketSphinxSpeechToText(new PocketSphinxOptions { MaxDecoders = 1 });
        _synthesizer = new ESpeakTextToSpeech(new ESpeakOptions());
        string heard = RecognizeCapture().GetAwaiter().GetResult();
        if (!heard.Contains("appointment", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"pocketsphinx heard \"{heard}\".");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _recognizer.Dispose();
        _synthesizer.Dispose();
    }

    /// <summary>Copies the utterance frame by frame: the baseline.</summary>
    [Benchmark(Baseline = true)]
    public int CopyUtterance()
    {
        for (int at = 0; at + PcmCapture.FrameLength <= _utterance.Length; at += PcmCapture.FrameLength)
        {
            _utterance.AsSpan(at, PcmCapture.FrameLength).CopyTo(_copy.AsSpan(at));
        }

        return _copy[^1];
    }

    /// <summary>Begin, 20 ms frames, end: the whole recognition of the real sentence.</summary>
    [Benchmark]
    public Task<string> RecognizeCapture() => RecognizeAsync();

    /// <summary>"Certainly. Which day would you like to come in?" to 16 kHz audio.</summary>
    [Benchmark]
    public async Task<int> SynthesizeSentence() =>
        (await _synthesizer.SynthesizeAsync("Certainly. Which day would you like to come in?")).Length;

    private async Task<string> RecognizeAsync()
    {
        await using ISpeechUtterance utterance = await _recognizer.BeginUtteranceAsync(_grammar);
        for (int at = 0; at + PcmCapture.FrameLength <= _utterance.Length; at += PcmCapture.FrameLength)
        {
            await utterance.WriteAsync(_utterance.AsMemory(at, PcmCapture.FrameLength));
        }

        return (await utterance.EndAsync()).Text;
    }
}

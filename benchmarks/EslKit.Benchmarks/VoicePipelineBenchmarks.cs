using BenchmarkDotNet.Attributes;
using EslKit.Controller.Audio;
using EslKit.Controller.Speech;
using EslKit.Controller.Speech.PocketSphinx;
using EslKit.Controller.Speech.Scripted;

namespace EslKit.Benchmarks;

/// <summary>
/// The per-frame work of a call's listener (<c>VoiceCall</c>): the streaming recogniser (voice activity, ring,
/// bandwidth detection, conditioning inside utterances, pocketsphinx fed while the caller speaks, with the agent's
/// grammar) and answering-machine detection, over the real call (1,250 frames of 20 ms), against a copy of each frame.
/// One operation is one frame; <c>ListenLine</c> is the same path over the call's quiet stretch (no utterance), where
/// every frame must allocate nothing; <c>ListenCall</c> spreads an utterance's per-utterance allocations over its frames.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
[Config(typeof(SlowBuildConfig))]
public class VoicePipelineBenchmarks : CallAudioFrameBenchmarks
{
    private short[] _quiet = null!;
    private PocketSphinxSpeechToText _engine = null!;
    private SpeechGrammar _grammar = null!;
    private StreamingSpeechRecognizer _line = null!;
    private AnsweringMachineDetector _lineMachine = null!;

    [GlobalSetup]
    public void Setup()
    {
        LoadCallAudio();

        // The capture's last 20 s hold no speech (the sentence is at 1.4–4.6 s): the line between utterances, looped.
        short[] tail = Audio[(6 * 16_000)..];
        _quiet = new short[Audio.Length];
        for (int at = 0; at < _quiet.Length; at += tail.Length)
        {
            tail.AsSpan(0, Math.Min(tail.Length, _quiet.Length - at)).CopyTo(_quiet.AsSpan(at));
        }

        _engine = new PocketSphinxSpeechToText(new PocketSphinxOptions { MaxDecoders = 1 });
        _grammar = new ScriptedAgentFactory(ScriptedAgentOptions.AppointmentDesk()).Grammar;
        _engine.WarmUpAsync(1).GetAwaiter().GetResult(); // the decoder loaded, as in a controller that has been up a moment
        if (!ListenAsync(Audio).GetAwaiter().GetResult().Contains("appointment", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The listener did not hear the sentence.");
        }

        _line = new StreamingSpeechRecognizer(_engine, new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions()), new StreamingSpeechRecognizerOptions()) { Grammar = _grammar };
        _lineMachine = new AnsweringMachineDetector(new AnsweringMachineDetectorOptions());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _line.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _engine.Dispose();
    }

    /// <summary>The listener of a call in progress over the quiet line: voice activity, bandwidth, ring, machine detection; no utterance.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public async Task<int> ListenLine()
    {
        int speech = 0;
        for (int at = 0; at < _quiet.Length; at += PcmCapture.FrameLength)
        {
            var result = await _line.ProcessAsync(_quiet.AsMemory(at, PcmCapture.FrameLength));
            _lineMachine.Process(result.Activity);
            speech += result.Activity.InUtterance ? 1 : 0;
        }

        return speech;
    }

    /// <summary>The listener over the real call: its sentence recognised while it is spoken (a new recogniser per run: per-call setup included).</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public Task<string> ListenCall() => ListenAsync(Audio);

    private async Task<string> ListenAsync(short[] audio)
    {
        await using var recognizer = new StreamingSpeechRecognizer(_engine, new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions()), new StreamingSpeechRecognizerOptions())
        {
            Grammar = _grammar,
        };
        var machine = new AnsweringMachineDetector(new AnsweringMachineDetectorOptions());
        string heard = "";
        for (int at = 0; at < audio.Length; at += PcmCapture.FrameLength)
        {
            var result = await recognizer.ProcessAsync(audio.AsMemory(at, PcmCapture.FrameLength));
            machine.Process(result.Activity);
            if (result.Transcript is { } transcript)
            {
                heard = transcript.Text;
            }
        }

        return (await recognizer.FinishAsync())?.Transcript?.Text ?? heard;
    }
}

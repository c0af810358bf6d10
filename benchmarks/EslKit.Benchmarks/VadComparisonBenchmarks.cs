using BenchmarkDotNet.Attributes;
using EslKit.Controller.Audio;
using EslKit.Controller.Audio.Silero;
using EslKit.Shared;

namespace EslKit.Benchmarks;

/// <summary>
/// CPU and allocations per 20 ms frame of the two voice-activity detectors over the real 25 s call (1,250 frames at
/// 16 kHz; the Silero one also at 8 kHz), the energy detector as the baseline in the same run. One operation is one
/// frame (OperationsPerInvoke); CPU per stream = time per frame / 20 ms. Needs .models/ (scripts/fetch-models.sh).
/// </summary>
[MemoryDiagnoser]
public class VadComparisonBenchmarks
{
    private const int Frames = 1_250;
    private short[] _audio = null!;
    private short[] _audio8k = null!;
    private SileroVadModel _model = null!;
    private EnergyVoiceActivityDetector _energy = null!;
    private SileroVoiceActivityDetector _silero = null!;
    private SileroVoiceActivityDetector _silero8k = null!;

    [GlobalSetup]
    public void Setup()
    {
        _audio = PcmCapture.Load()[..(Frames * PcmCapture.FrameLength)];
        var down = new EslKit.AudioStream.PcmResampler(16_000, 8_000);
        _audio8k = new short[down.GetOutputLength(_audio.Length)];
        down.Process(_audio, _audio8k);
        _model = new SileroVadModel(Path.Combine(RepositoryPaths.Root(), ".models", SileroVadModel.FileName));
        _energy = new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions());
        _silero = new SileroVoiceActivityDetector(_model, new SileroVoiceActivityDetectorOptions());
        _silero8k = new SileroVoiceActivityDetector(_model, new SileroVoiceActivityDetectorOptions { SampleRate = 8_000 });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _silero.Dispose();
        _silero8k.Dispose();
        _model.Dispose();
    }

    /// <summary>The energy detector (the default) on each 16 kHz frame.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Frames)]
    public int Energy16k() => Run(_energy, _audio, PcmCapture.FrameLength);

    /// <summary>Silero on each 16 kHz frame (a 512-sample window completes on most frames).</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public int Silero16k() => Run(_silero, _audio, PcmCapture.FrameLength);

    /// <summary>Silero on each 8 kHz frame (160 samples; 256-sample windows).</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public int Silero8k() => Run(_silero8k, _audio8k, 160);

    private static int Run(IVoiceActivityDetector detector, short[] audio, int frameLength)
    {
        detector.Reset();
        int starts = 0;
        for (int at = 0; at + frameLength <= audio.Length; at += frameLength)
        {
            if (detector.Process(audio.AsSpan(at, frameLength)).Event == VoiceActivityEvent.SpeechStarted)
            {
                starts++;
            }
        }

        return starts;
    }
}

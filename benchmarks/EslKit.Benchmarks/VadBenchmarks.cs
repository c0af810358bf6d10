using BenchmarkDotNet.Attributes;
using EslKit.AudioStream;
using EslKit.Controller.Audio;

namespace EslKit.Benchmarks;

/// <summary>
/// Per-frame cost of the voice pipeline's front end over the real 25 s call (1,250 frames of 20 ms): voice-activity
/// detection, bandwidth detection, and the telephone-band conditioning at 16 kHz and from 8 kHz, against a plain
/// copy of the frame. One operation is one frame (OperationsPerInvoke); the goal is 0 B per frame.
/// </summary>
[MemoryDiagnoser]
public class VadBenchmarks : CallAudioFrameBenchmarks
{
    private short[] _audio8k = null!;
    private EnergyVoiceActivityDetector _vad = null!;
    private AudioBandwidthDetector _bandwidth = null!;
    private NarrowbandConditioner _conditioner = null!;
    private NarrowbandConditioner _conditioner8k = null!;

    [GlobalSetup]
    public void Setup()
    {
        LoadCallAudio();
        var down = new PcmResampler(16_000, 8_000);
        _audio8k = new short[down.GetOutputLength(Audio.Length)];
        down.Process(Audio, _audio8k);
        _vad = new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions());
        _bandwidth = new AudioBandwidthDetector();
        _conditioner = new NarrowbandConditioner(new NarrowbandConditionerOptions());
        _conditioner8k = new NarrowbandConditioner(new NarrowbandConditionerOptions { InputSampleRate = 8_000 });
    }

    /// <summary>Copies each frame: the floor any per-frame work stands on.</summary>
    /// <summary>The energy detector on each frame.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public int EnergyVad()
    {
        int starts = 0;
        for (int at = 0; at < Audio.Length; at += PcmCapture.FrameLength)
        {
            if (_vad.Process(Audio.AsSpan(at, PcmCapture.FrameLength)).Event == VoiceActivityEvent.SpeechStarted)
            {
                starts++;
            }
        }

        return starts;
    }

    /// <summary>The bandwidth detector (8th-order high-pass) on each frame.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public AudioBandwidth BandwidthDetection()
    {
        _bandwidth.Reset();
        for (int at = 0; at < Audio.Length; at += PcmCapture.FrameLength)
        {
            _bandwidth.Process(Audio.AsSpan(at, PcmCapture.FrameLength));
        }

        return _bandwidth.Bandwidth;
    }

    /// <summary>Conditioning a 16 kHz frame: gain, 4th-order high-passed noise.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public int Conditioning16k()
    {
        for (int at = 0; at < Audio.Length; at += PcmCapture.FrameLength)
        {
            _conditioner.Process(Audio.AsSpan(at, PcmCapture.FrameLength), Output);
        }

        return Output[0];
    }

    /// <summary>Conditioning an 8 kHz frame: upsampling to 16 kHz first.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public int Conditioning8k()
    {
        for (int at = 0; at + 160 <= _audio8k.Length; at += 160)
        {
            _conditioner8k.Process(_audio8k.AsSpan(at, 160), Output);
        }

        return Output[0];
    }
}

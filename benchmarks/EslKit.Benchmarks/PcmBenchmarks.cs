using BenchmarkDotNet.Attributes;
using EslKit.AudioStream;

namespace EslKit.Benchmarks;

/// <summary>
/// Per-frame cost of the PCM helpers on 20 ms frames of the real call: resampling 8 → 16 kHz and 16 → 8 kHz,
/// G.711 μ-law both ways, levels, against a plain copy. One operation is one frame.
/// </summary>
[MemoryDiagnoser]
public class PcmBenchmarks : CallAudioFrameBenchmarks
{
    private short[] _audio8k = null!;
    private byte[] _codes = null!;
    private PcmResampler _up = null!;
    private PcmResampler _down = null!;

    [GlobalSetup]
    public void Setup()
    {
        LoadCallAudio();
        _down = new PcmResampler(16_000, 8_000);
        _audio8k = new short[_down.GetOutputLength(Audio.Length)];
        _down.Process(Audio, _audio8k);
        _up = new PcmResampler(8_000, 16_000);
        _codes = new byte[PcmCapture.FrameLength];
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public int Resample8To16()
    {
        int written = 0;
        for (int at = 0; at + 160 <= _audio8k.Length; at += 160)
        {
            written += _up.Process(_audio8k.AsSpan(at, 160), Output);
        }

        return written;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public int Resample16To8()
    {
        int written = 0;
        for (int at = 0; at < Audio.Length; at += PcmCapture.FrameLength)
        {
            written += _down.Process(Audio.AsSpan(at, PcmCapture.FrameLength), Output);
        }

        return written;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public int MuLawRoundTrip()
    {
        for (int at = 0; at < Audio.Length; at += PcmCapture.FrameLength)
        {
            G711.EncodeMuLaw(Audio.AsSpan(at, PcmCapture.FrameLength), _codes);
            G711.DecodeMuLaw(_codes, Output);
        }

        return Output[0];
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public double RmsAndPeak()
    {
        double sum = 0;
        for (int at = 0; at < Audio.Length; at += PcmCapture.FrameLength)
        {
            sum += PcmLevel.RmsDbfs(Audio.AsSpan(at, PcmCapture.FrameLength)) + PcmLevel.Peak(Audio.AsSpan(at, PcmCapture.FrameLength));
        }

        return sum;
    }
}

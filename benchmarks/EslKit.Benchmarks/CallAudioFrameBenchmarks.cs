using BenchmarkDotNet.Attributes;

namespace EslKit.Benchmarks;

/// <summary>
/// What the per-frame audio benchmarks share: the real call's first 1,250 frames of 16 kHz audio (25 s), one
/// operation a frame, and their baseline — copying each frame, the floor — measured in the same run.
/// </summary>
public abstract class CallAudioFrameBenchmarks
{
    /// <summary>Frames per invocation (OperationsPerInvoke).</summary>
    protected const int Frames = 1_250;

    /// <summary>The call's audio: <see cref="Frames"/> frames of <see cref="PcmCapture.FrameLength"/> samples.</summary>
    protected short[] Audio { get; private set; } = null!;

    /// <summary>One frame's worth of output.</summary>
    protected short[] Output { get; private set; } = null!;

    /// <summary>Copies each frame: the floor.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Frames)]
    public int CopyFrame()
    {
        for (int at = 0; at < Audio.Length; at += PcmCapture.FrameLength)
        {
            Audio.AsSpan(at, PcmCapture.FrameLength).CopyTo(Output);
        }

        return Output[0];
    }

    /// <summary>Loads <see cref="Audio"/> and makes <see cref="Output"/>; call first in the global set-up.</summary>
    protected void LoadCallAudio()
    {
        Audio = PcmCapture.Load()[..(Frames * PcmCapture.FrameLength)];
        Output = new short[PcmCapture.FrameLength];
    }
}

using EslKit.AudioStream;

namespace EslKit.Benchmarks;

/// <summary>The real call's callee audio (freeswitch-calls/call-socket-session-ws.audio.raw) as 16 kHz samples.</summary>
public static class PcmCapture
{
    /// <summary>Samples in one 20 ms frame at 16 kHz.</summary>
    public const int FrameLength = 320;

    /// <summary>The 25 s capture; the sentence is at about 1.4–4.6 s.</summary>
    public static short[] Load()
    {
        byte[] bytes = FixtureData.Read("freeswitch-calls/call-socket-session-ws.audio.raw");
        var samples = new short[bytes.Length / 2];
        Pcm16.ReadLittleEndian(bytes, samples);
        return samples;
    }
}

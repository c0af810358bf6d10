using EslKit.AudioStream;

namespace EslKit.Controller.Demo;

/// <summary>What a phone line does to an emulated caller's voice: down to 8 kHz and through G.711 μ-law.</summary>
internal static class TelephoneLine
{
    /// <summary><paramref name="samples"/> (at <paramref name="sampleRate"/>) as a phone line carries them: L16 little-endian bytes at 8 kHz.</summary>
    public static byte[] Carry(short[] samples, int sampleRate)
    {
        var resampler = new PcmResampler(sampleRate, 8_000);
        var narrow = new short[resampler.GetOutputLength(samples.Length)];
        int count = resampler.Process(samples, narrow);
        var codes = new byte[count];
        G711.EncodeMuLaw(narrow.AsSpan(0, count), codes);
        G711.DecodeMuLaw(codes, narrow.AsSpan(0, count));
        var bytes = new byte[count * 2];
        Pcm16.WriteLittleEndian(narrow.AsSpan(0, count), bytes);
        return bytes;
    }
}

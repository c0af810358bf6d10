using System.Numerics;

namespace EslKit.AudioStream;

/// <summary>
/// ITU-T G.711 companding: μ-law (PCMU, North America and Japan) and A-law (PCMA, elsewhere), 16-bit linear
/// samples to 8-bit codes and back, as a telephone call carries them. Encoding follows the ITU segment rules
/// (μ-law bias 0x84, A-law even bits inverted); decoding uses 256-entry tables. Allocation-free.
/// </summary>
/// <remarks>
/// Decoding an encoded sample gives the centre of its quantisation step, so <c>Decode(Encode(x))</c> is within
/// half a step of <c>x</c> (steps grow from 8 to 1,024 sample units with the magnitude) and
/// <c>Encode(Decode(code))</c> is <c>code</c> again, except μ-law's negative zero 0x7F, which encodes back as 0xFF.
/// </remarks>
public static class G711
{
    private const int MuLawBias = 0x84;
    private const int MuLawClip = 32635;
    private const int ALawInversionMask = 0x55;

    private static readonly short[] MuLawTable = BuildTable(DecodeMuLawSlow);
    private static readonly short[] ALawTable = BuildTable(DecodeALawSlow);

    /// <summary>Encodes one sample as μ-law.</summary>
    public static byte EncodeMuLaw(short sample)
    {
        int value = sample;
        int mask;
        if (value < 0)
        {
            // -value - 1 keeps -32768 in range and is the reference coders' rounding for negative samples.
            value = -value - 1;
            mask = 0x7F;
        }
        else
        {
            mask = 0xFF;
        }

        value = Math.Min(value, MuLawClip) + MuLawBias;
        int segment = BitOperations.Log2((uint)value) - 7;
        int code = (segment << 4) | ((value >> (segment + 3)) & 0x0F);
        return (byte)(code ^ mask);
    }

    /// <summary>Decodes one μ-law code.</summary>
    public static short DecodeMuLaw(byte code) => MuLawTable[code];

    /// <summary>Encodes one sample as A-law.</summary>
    public static byte EncodeALaw(short sample)
    {
        int value = sample;
        int mask;
        if (value >= 0)
        {
            mask = ALawInversionMask | 0x80;
        }
        else
        {
            value = -value - 1;
            mask = ALawInversionMask;
        }

        // Samples are 16-bit, A-law works on 13 bits: the three low bits never reach the code.
        int segment = Math.Max(0, BitOperations.Log2((uint)value | 0xFF) - 7);
        int code = segment >= 8
            ? 0x7F
            : (segment << 4) | ((value >> (segment == 0 ? 4 : segment + 3)) & 0x0F);
        return (byte)(code ^ mask);
    }

    /// <summary>Decodes one A-law code.</summary>
    public static short DecodeALaw(byte code) => ALawTable[code];

    /// <summary>Encodes samples as μ-law, one byte per sample.</summary>
    /// <returns>The number of bytes written (<c>samples.Length</c>).</returns>
    /// <exception cref="ArgumentException"><paramref name="codes"/> is shorter than <paramref name="samples"/>.</exception>
    public static int EncodeMuLaw(ReadOnlySpan<short> samples, Span<byte> codes)
    {
        CheckLength(samples.Length, codes.Length, nameof(codes));
        for (int i = 0; i < samples.Length; i++)
        {
            codes[i] = EncodeMuLaw(samples[i]);
        }

        return samples.Length;
    }

    /// <summary>Decodes μ-law bytes to samples.</summary>
    /// <returns>The number of samples written (<c>codes.Length</c>).</returns>
    /// <exception cref="ArgumentException"><paramref name="samples"/> is shorter than <paramref name="codes"/>.</exception>
    public static int DecodeMuLaw(ReadOnlySpan<byte> codes, Span<short> samples)
    {
        CheckLength(codes.Length, samples.Length, nameof(samples));
        short[] table = MuLawTable;
        for (int i = 0; i < codes.Length; i++)
        {
            samples[i] = table[codes[i]];
        }

        return codes.Length;
    }

    /// <summary>Encodes samples as A-law, one byte per sample.</summary>
    /// <returns>The number of bytes written (<c>samples.Length</c>).</returns>
    /// <exception cref="ArgumentException"><paramref name="codes"/> is shorter than <paramref name="samples"/>.</exception>
    public static int EncodeALaw(ReadOnlySpan<short> samples, Span<byte> codes)
    {
        CheckLength(samples.Length, codes.Length, nameof(codes));
        for (int i = 0; i < samples.Length; i++)
        {
            codes[i] = EncodeALaw(samples[i]);
        }

        return samples.Length;
    }

    /// <summary>Decodes A-law bytes to samples.</summary>
    /// <returns>The number of samples written (<c>codes.Length</c>).</returns>
    /// <exception cref="ArgumentException"><paramref name="samples"/> is shorter than <paramref name="codes"/>.</exception>
    public static int DecodeALaw(ReadOnlySpan<byte> codes, Span<short> samples)
    {
        CheckLength(codes.Length, samples.Length, nameof(samples));
        short[] table = ALawTable;
        for (int i = 0; i < codes.Length; i++)
        {
            samples[i] = table[codes[i]];
        }

        return codes.Length;
    }

    private static short DecodeMuLawSlow(int code)
    {
        code = ~code & 0xFF;
        int magnitude = ((((code & 0x0F) << 3) + MuLawBias) << ((code & 0x70) >> 4)) - MuLawBias;
        return (short)((code & 0x80) != 0 ? -magnitude : magnitude);
    }

    private static short DecodeALawSlow(int code)
    {
        code ^= ALawInversionMask;
        int segment = (code & 0x70) >> 4;
        int magnitude = (code & 0x0F) << 4;
        magnitude = segment == 0 ? magnitude + 8 : (magnitude + 0x108) << (segment - 1);
        return (short)((code & 0x80) != 0 ? magnitude : -magnitude);
    }

    private static short[] BuildTable(Func<int, short> decode)
    {
        var table = new short[256];
        for (int code = 0; code < table.Length; code++)
        {
            table[code] = decode(code);
        }

        return table;
    }

    private static void CheckLength(int sourceLength, int destinationLength, string destinationName)
    {
        if (destinationLength < sourceLength)
        {
            throw new ArgumentException($"The destination holds {destinationLength} items; {sourceLength} are needed.", destinationName);
        }
    }
}

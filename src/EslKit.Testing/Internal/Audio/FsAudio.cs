using System.Buffers.Binary;

namespace EslKit.Testing.Internal.Audio;

/// <summary>
/// The little audio the emulator needs, kept to itself so the package depends on EslKit only: L16 (signed 16-bit
/// little-endian PCM) in and out, RIFF WAV (PCM 16-bit) read and write, G.711 μ-law/A-law, and a windowed-sinc resampler.
/// </summary>
internal static class FsAudio
{
    /// <summary>Samples of L16 little-endian bytes (an odd last byte is ignored).</summary>
    public static short[] FromL16(ReadOnlySpan<byte> bytes)
    {
        var samples = new short[bytes.Length / 2];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]);
        }

        return samples;
    }

    /// <summary>L16 little-endian bytes of <paramref name="samples"/>.</summary>
    public static byte[] ToL16(ReadOnlySpan<short> samples)
    {
        var bytes = new byte[samples.Length * 2];
        WriteL16(samples, bytes);
        return bytes;
    }

    public static void WriteL16(ReadOnlySpan<short> samples, Span<byte> destination)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(destination[(2 * i)..], samples[i]);
        }
    }

    /// <summary>
    /// Reads a RIFF WAV file of 16-bit PCM (mono, or several channels mixed down), or 8-bit μ-law/A-law; returns its samples
    /// and rate.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a WAV file the emulator reads.</exception>
    public static (short[] Samples, int Rate) ReadWav(ReadOnlySpan<byte> data)
    {
        if (data.Length < 12 || !data[..4].SequenceEqual("RIFF"u8) || !data.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException("Not a RIFF WAVE file.");
        }

        int format = 0, channels = 0, rate = 0, bits = 0;
        int position = 12;
        while (position + 8 <= data.Length)
        {
            var id = data.Slice(position, 4);
            int size = BinaryPrimitives.ReadInt32LittleEndian(data[(position + 4)..]);
            int body = position + 8;
            if (size < 0 || body + size > data.Length)
            {
                size = data.Length - body; // a streamed WAV whose sizes were never written
            }

            if (id.SequenceEqual("fmt "u8) && size >= 16)
            {
                format = BinaryPrimitives.ReadUInt16LittleEndian(data[body..]);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(data[(body + 2)..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(data[(body + 4)..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(data[(body + 14)..]);
                if (format == 0xFFFE && size >= 26)
                {
                    format = BinaryPrimitives.ReadUInt16LittleEndian(data[(body + 24)..]); // WAVE_FORMAT_EXTENSIBLE's sub-format
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (channels <= 0 || rate <= 0)
                {
                    throw new InvalidDataException("A WAV data chunk before its fmt chunk.");
                }

                var payload = data.Slice(body, size);
                short[] interleaved = (format, bits) switch
                {
                    (1, 16) => FromL16(payload),
                    (7, 8) => DecodeG711(payload, ulaw: true),
                    (6, 8) => DecodeG711(payload, ulaw: false),
                    _ => throw new InvalidDataException($"WAV format {format} with {bits} bits is not read (use 16-bit PCM, μ-law or A-law)."),
                };
                return (MixDown(interleaved, channels), rate);
            }

            position = body + size + (size & 1);
        }

        throw new InvalidDataException("A WAV file without a data chunk.");
    }

    /// <summary>A RIFF WAV file (16-bit PCM) of <paramref name="samples"/> at <paramref name="rate"/> Hz, <paramref name="channels"/> interleaved.</summary>
    public static byte[] WriteWav(ReadOnlySpan<short> samples, int rate, int channels = 1)
    {
        int dataBytes = samples.Length * 2;
        var wav = new byte[44 + dataBytes];
        var span = wav.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], rate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], rate * channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], (short)(channels * 2));
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], dataBytes);
        WriteL16(samples, span[44..]);
        return wav;
    }

    /// <summary>
    /// An audio file as FreeSWITCH's playback opens it by extension: <c>.r8</c> … <c>.r64</c> raw L16 at that rate,
    /// <c>.wav</c>, <c>.pcmu</c>/<c>.pcma</c> (raw G.711 at 8 kHz). Null when the file is missing or of another kind.
    /// </summary>
    public static (short[] Samples, int Rate)? TryReadFile(string path)
    {
        if (string.IsNullOrEmpty(path) || path.Contains("://", StringComparison.Ordinal) || !File.Exists(path))
        {
            return null;
        }

        string extension = Path.GetExtension(path).ToLowerInvariant();
        int? rawRate = extension switch
        {
            ".r8" => 8000,
            ".r16" => 16000,
            ".r24" => 24000,
            ".r32" => 32000,
            ".r48" => 48000,
            ".r64" => 64000,
            _ => null,
        };
        byte[] data = File.ReadAllBytes(path);
        if (rawRate is int rate)
        {
            return (FromL16(data), rate);
        }

        return extension switch
        {
            ".wav" => ReadWav(data),
            ".pcmu" or ".ul" => (DecodeG711(data, ulaw: true), 8000),
            ".pcma" or ".al" => (DecodeG711(data, ulaw: false), 8000),
            _ => null,
        };
    }

    /// <summary>Mono from interleaved channels (their mean).</summary>
    public static short[] MixDown(short[] interleaved, int channels)
    {
        if (channels == 1)
        {
            return interleaved;
        }

        var mono = new short[interleaved.Length / channels];
        for (int i = 0; i < mono.Length; i++)
        {
            int sum = 0;
            for (int c = 0; c < channels; c++)
            {
                sum += interleaved[(i * channels) + c];
            }

            mono[i] = (short)(sum / channels);
        }

        return mono;
    }

    /// <summary>
    /// Resamples with a windowed-sinc low-pass (Blackman window, cutoff at the lower Nyquist), so that downsampling does
    /// not alias (e.g. espeak-ng's 22.05 kHz to a telephone's 8 kHz).
    /// </summary>
    public static short[] Resample(ReadOnlySpan<short> input, int fromRate, int toRate)
    {
        if (fromRate == toRate || input.Length == 0)
        {
            return input.ToArray();
        }

        const int HalfTaps = 16;
        double ratio = (double)toRate / fromRate;
        double cutoff = Math.Min(1.0, ratio); // relative to the input's Nyquist
        double halfWidth = HalfTaps / cutoff;  // the filter widens (in input samples) when downsampling
        int outputLength = (int)Math.Round(input.Length * ratio);
        var output = new short[outputLength];
        for (int n = 0; n < outputLength; n++)
        {
            double center = n / ratio;
            int first = (int)Math.Ceiling(center - halfWidth);
            int last = (int)Math.Floor(center + halfWidth);
            double sum = 0, weights = 0;
            for (int k = Math.Max(0, first); k <= Math.Min(input.Length - 1, last); k++)
            {
                double x = k - center;
                double sinc = x == 0 ? 1.0 : Math.Sin(Math.PI * cutoff * x) / (Math.PI * cutoff * x);
                double w = 0.42 + (0.5 * Math.Cos(Math.PI * x / halfWidth)) + (0.08 * Math.Cos(2 * Math.PI * x / halfWidth));
                double h = sinc * w;
                sum += input[k] * h;
                weights += h;
            }

            output[n] = Clip(weights == 0 ? 0 : sum / weights);
        }

        return output;
    }

    public static short Clip(double value) => (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);

    /// <summary>What passing through a G.711 μ-law channel does to the samples (its quantisation).</summary>
    public static void MuLawRoundTrip(Span<short> samples)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = MuLawDecode(MuLawEncode(samples[i]));
        }
    }

    public static short[] DecodeG711(ReadOnlySpan<byte> data, bool ulaw)
    {
        var samples = new short[data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            samples[i] = ulaw ? MuLawDecode(data[i]) : ALawDecode(data[i]);
        }

        return samples;
    }

    public static byte MuLawEncode(short sample)
    {
        const int Bias = 0x84;
        const int Clip = 32635;
        int sign = (sample >> 8) & 0x80;
        int value = sign != 0 ? -sample : sample;
        value = Math.Min(value, Clip) + Bias;
        int exponent = 7;
        for (int mask = 0x4000; (value & mask) == 0 && exponent > 0; mask >>= 1)
        {
            exponent--;
        }

        int mantissa = (value >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    public static short MuLawDecode(byte encoded)
    {
        int value = ~encoded;
        int sign = value & 0x80;
        int exponent = (value >> 4) & 0x07;
        int mantissa = value & 0x0F;
        int sample = (((mantissa << 3) + 0x84) << exponent) - 0x84;
        return (short)(sign != 0 ? -sample : sample);
    }

    public static short ALawDecode(byte encoded)
    {
        int value = encoded ^ 0x55;
        int sign = value & 0x80;
        int exponent = (value >> 4) & 0x07;
        int mantissa = value & 0x0F;
        int sample = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short)(sign != 0 ? sample : -sample);
    }
}

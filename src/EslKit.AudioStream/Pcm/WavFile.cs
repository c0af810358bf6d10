using System.Buffers.Binary;

namespace EslKit.AudioStream;

/// <summary>
/// Reads and writes WAV files of 16-bit PCM (RIFF/WAVE, format 1 or WAVE_FORMAT_EXTENSIBLE with the PCM
/// subformat). The span methods allocate nothing; <see cref="ReadSamples(ReadOnlySpan{byte}, out WavFormat)"/>
/// and <see cref="Write(WavFormat, ReadOnlySpan{short})"/> are conveniences that return new arrays.
/// </summary>
/// <remarks>
/// Unknown chunks (LIST, fact, …) are skipped. A <c>data</c> size larger than what follows, as streaming writers
/// leave it (espeak-ng writing to a pipe, sox), is clamped to the bytes present; a trailing partial sample frame
/// is dropped. Anything else malformed throws <see cref="WavFormatException"/>.
/// </remarks>
public static class WavFile
{
    /// <summary>The size of the canonical header <see cref="WriteHeader"/> writes.</summary>
    public const int HeaderSize = 44;

    private const ushort FormatPcm = 1;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>Finds the format and the sample data of a WAV file held in memory.</summary>
    /// <exception cref="WavFormatException">It is not a 16-bit PCM WAV file.</exception>
    public static WavLayout ReadLayout(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new WavFormatException("Not a RIFF/WAVE file.");
        }

        WavFormat? format = null;
        int offset = 12;
        while (offset <= file.Length - 8)
        {
            ReadOnlySpan<byte> id = file.Slice(offset, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(offset + 4, 4));
            int body = offset + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || size > file.Length - body)
                {
                    throw new WavFormatException($"The fmt chunk is {size} bytes: truncated or malformed.");
                }

                format = ParseFormat(file.Slice(body, (int)size));
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is not { } known)
                {
                    throw new WavFormatException("The data chunk comes before the fmt chunk.");
                }

                long available = file.Length - body;
                int length = (int)Math.Min(size, available);
                length -= length % known.BlockAlign;
                return new WavLayout(known, body, length);
            }

            // Chunks are padded to an even length.
            long next = (long)body + size + (size & 1);
            if (next > file.Length)
            {
                break;
            }

            offset = (int)next;
        }

        throw new WavFormatException(format is null ? "No fmt chunk." : "No data chunk.");
    }

    /// <summary>Copies the samples (interleaved when stereo) of a WAV file held in memory.</summary>
    /// <returns>The number of samples written (all channels).</returns>
    /// <exception cref="WavFormatException">It is not a 16-bit PCM WAV file.</exception>
    /// <exception cref="ArgumentException"><paramref name="samples"/> is too short.</exception>
    public static int ReadSamples(ReadOnlySpan<byte> file, Span<short> samples, out WavFormat format)
    {
        WavLayout layout = ReadLayout(file);
        format = layout.Format;
        return Pcm16.ReadLittleEndian(file.Slice(layout.DataOffset, layout.DataLength), samples);
    }

    /// <summary>The samples (interleaved when stereo) of a WAV file held in memory, as a new array.</summary>
    /// <exception cref="WavFormatException">It is not a 16-bit PCM WAV file.</exception>
    public static short[] ReadSamples(ReadOnlySpan<byte> file, out WavFormat format)
    {
        WavLayout layout = ReadLayout(file);
        format = layout.Format;
        var samples = new short[layout.DataLength / Pcm16.BytesPerSample];
        Pcm16.ReadLittleEndian(file.Slice(layout.DataOffset, layout.DataLength), samples);
        return samples;
    }

    /// <summary>Writes the canonical 44-byte header for <paramref name="dataLength"/> bytes of samples.</summary>
    /// <returns><see cref="HeaderSize"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 44 bytes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The format or the length cannot be written.</exception>
    public static int WriteHeader(Span<byte> destination, WavFormat format, int dataLength)
    {
        CheckFormat(format);
        ArgumentOutOfRangeException.ThrowIfNegative(dataLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dataLength, int.MaxValue - HeaderSize);
        if (destination.Length < HeaderSize)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; {HeaderSize} are needed.", nameof(destination));
        }

        "RIFF"u8.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)(HeaderSize - 8 + dataLength));
        "WAVEfmt "u8.CopyTo(destination[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[20..], FormatPcm);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[22..], (ushort)format.Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], (uint)format.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], (uint)format.ByteRate);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[32..], (ushort)format.BlockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[34..], 16);
        "data"u8.CopyTo(destination[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[40..], (uint)dataLength);
        return HeaderSize;
    }

    /// <summary>Writes a whole WAV file (header and samples) into <paramref name="destination"/>.</summary>
    /// <returns>The bytes written: 44 + 2 × <c>samples.Length</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The format cannot be written.</exception>
    public static int Write(Span<byte> destination, WavFormat format, ReadOnlySpan<short> samples)
    {
        int dataLength = checked(samples.Length * Pcm16.BytesPerSample);
        if (destination.Length < HeaderSize + dataLength)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; {HeaderSize + dataLength} are needed.", nameof(destination));
        }

        WriteHeader(destination, format, dataLength);
        return HeaderSize + Pcm16.WriteLittleEndian(samples, destination[HeaderSize..]);
    }

    /// <summary>A whole WAV file (header and samples) as a new array.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The format cannot be written.</exception>
    public static byte[] Write(WavFormat format, ReadOnlySpan<short> samples)
    {
        var file = new byte[HeaderSize + checked(samples.Length * Pcm16.BytesPerSample)];
        Write(file, format, samples);
        return file;
    }

    private static WavFormat ParseFormat(ReadOnlySpan<byte> chunk)
    {
        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(chunk[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
        if (tag == FormatExtensible)
        {
            // WAVEFORMATEXTENSIBLE: cbSize (2), valid bits (2), channel mask (4), then the subformat GUID whose
            // first two bytes are the real format tag.
            if (chunk.Length < 26)
            {
                throw new WavFormatException("A WAVE_FORMAT_EXTENSIBLE fmt chunk is too short.");
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(chunk[24..]);
        }

        if (tag != FormatPcm)
        {
            throw new WavFormatException($"Format tag {tag} is not PCM: only 16-bit PCM is read.");
        }

        if (bits != 16)
        {
            throw new WavFormatException($"{bits}-bit samples: only 16-bit PCM is read.");
        }

        if (channels is < 1 or > 16 || rate is < 1 or > 1_000_000 || blockAlign != channels * Pcm16.BytesPerSample)
        {
            throw new WavFormatException($"Implausible format: {channels} channels, {rate} Hz, block align {blockAlign}.");
        }

        return new WavFormat((int)rate, channels);
    }

    private static void CheckFormat(WavFormat format)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(format.SampleRate, 1, nameof(format));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(format.SampleRate, 1_000_000, nameof(format));
        ArgumentOutOfRangeException.ThrowIfLessThan(format.Channels, 1, nameof(format));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(format.Channels, 16, nameof(format));
    }
}

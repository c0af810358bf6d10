using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace EslKit.AudioStream;

/// <summary>
/// Signed 16-bit linear PCM ("L16") helpers: the byte order mod_audio_stream uses on the wire (little-endian)
/// to and from samples, and stereo to mono. Every method works on caller-owned spans and allocates nothing.
/// </summary>
public static class Pcm16
{
    /// <summary>Bytes per 16-bit sample.</summary>
    public const int BytesPerSample = 2;

    /// <summary>Samples in one frame of <paramref name="duration"/> at <paramref name="sampleRate"/> (per channel).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not positive or the duration is negative.</exception>
    public static int SamplesPerFrame(int sampleRate, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        return checked((int)(duration.Ticks * sampleRate / TimeSpan.TicksPerSecond));
    }

    /// <summary>The duration of <paramref name="sampleCount"/> samples (per channel) at <paramref name="sampleRate"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not positive or the count is negative.</exception>
    public static TimeSpan Duration(long sampleCount, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        return TimeSpan.FromTicks(sampleCount * TimeSpan.TicksPerSecond / sampleRate);
    }

    /// <summary>
    /// Reads little-endian L16 bytes into samples. A trailing odd byte is ignored (a frame of the wrong size
    /// is the endpoint's business, not this helper's).
    /// </summary>
    /// <returns>The number of samples written: <c>bytes.Length / 2</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="samples"/> is too short.</exception>
    public static int ReadLittleEndian(ReadOnlySpan<byte> bytes, Span<short> samples)
    {
        int count = bytes.Length / BytesPerSample;
        if (samples.Length < count)
        {
            throw new ArgumentException($"The destination holds {samples.Length} samples; {count} are needed.", nameof(samples));
        }

        ReadOnlySpan<short> source = MemoryMarshal.Cast<byte, short>(bytes[..(count * BytesPerSample)]);
        if (BitConverter.IsLittleEndian)
        {
            source.CopyTo(samples);
        }
        else
        {
            BinaryPrimitives.ReverseEndianness(source, samples[..count]);
        }

        return count;
    }

    /// <summary>Writes samples as little-endian L16 bytes.</summary>
    /// <returns>The number of bytes written: <c>samples.Length * 2</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is too short.</exception>
    public static int WriteLittleEndian(ReadOnlySpan<short> samples, Span<byte> bytes)
    {
        int length = samples.Length * BytesPerSample;
        if (bytes.Length < length)
        {
            throw new ArgumentException($"The destination holds {bytes.Length} bytes; {length} are needed.", nameof(bytes));
        }

        Span<short> destination = MemoryMarshal.Cast<byte, short>(bytes[..length]);
        if (BitConverter.IsLittleEndian)
        {
            samples.CopyTo(destination);
        }
        else
        {
            BinaryPrimitives.ReverseEndianness(samples, destination);
        }

        return length;
    }

    /// <summary>
    /// Mixes interleaved stereo (left, right, left, right, …) down to mono: each output sample is the mean of
    /// its pair, rounded towards negative infinity, so it can never overflow. A trailing unpaired sample is ignored.
    /// </summary>
    /// <returns>The number of mono samples written: <c>interleaved.Length / 2</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="mono"/> is too short.</exception>
    public static int DownmixStereo(ReadOnlySpan<short> interleaved, Span<short> mono)
    {
        int count = interleaved.Length / 2;
        if (mono.Length < count)
        {
            throw new ArgumentException($"The destination holds {mono.Length} samples; {count} are needed.", nameof(mono));
        }

        for (int i = 0; i < count; i++)
        {
            mono[i] = (short)((interleaved[2 * i] + interleaved[(2 * i) + 1]) >> 1);
        }

        return count;
    }

    /// <summary>Rounds <paramref name="value"/> to the nearest sample, saturating at the 16-bit limits instead of wrapping.</summary>
    public static short Saturate(float value)
    {
        float rounded = MathF.Round(value);
        return rounded >= short.MaxValue ? short.MaxValue
            : rounded <= short.MinValue ? short.MinValue
            : (short)rounded;
    }
}

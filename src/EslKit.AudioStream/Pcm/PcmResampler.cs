using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EslKit.AudioStream;

/// <summary>
/// Converts a stream of mono 16-bit samples from one rate to another (8 kHz ↔ 16 kHz, 22,050 Hz → 16 kHz, any
/// rational ratio): a polyphase FIR with a Kaiser-windowed sinc anti-aliasing/anti-imaging filter, passband to
/// 0.425 × the lower rate (3.4 kHz at 8 kHz), at least 80 dB stopband rejection from half the lower rate.
/// </summary>
/// <remarks>
/// <para>Streaming: the filter state is kept between calls, so a stream split into frames anywhere gives
/// exactly the samples one call over the whole stream gives. The stream starts as if preceded by silence; the
/// filter delays it by <see cref="Delay"/>.</para>
/// <para><see cref="Process"/> allocates nothing (the working buffer is allocated once, the filter is shared
/// by every resampler of the same ratio). An instance is one stream's state: not thread-safe; use one per stream.</para>
/// </remarks>
public sealed class PcmResampler
{
    private const int BlockSize = 1024;

    private readonly PcmResamplerFilter _filter;
    private readonly float[] _work;
    private readonly int _history;

    // Upsampled-time position of the next output, relative to the first sample of the current block.
    private long _position;

    /// <summary>Creates a converter from <paramref name="inputRate"/> to <paramref name="outputRate"/> (Hz).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate is not between 1,000 and 384,000 Hz, or the reduced
    /// ratio needs more than 4,096 filter phases (e.g. 44,100 → 44,099).</exception>
    public PcmResampler(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputRate, 1000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inputRate, 384_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputRate, 1000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(outputRate, 384_000);
        int divisor = (int)BigInteger.GreatestCommonDivisor(inputRate, outputRate);
        int up = outputRate / divisor;
        int down = inputRate / divisor;
        if (up > 4096 || down > 4096)
        {
            throw new ArgumentOutOfRangeException(
                nameof(outputRate), $"{inputRate} Hz to {outputRate} Hz reduces to {up}/{down}: more than 4,096 filter phases.");
        }

        InputRate = inputRate;
        OutputRate = outputRate;
        _filter = PcmResamplerFilter.For(up, down);
        _history = _filter.TapsPerPhase - 1;
        _work = new float[_history + BlockSize];
    }

    /// <summary>The input sample rate in Hz.</summary>
    public int InputRate { get; }

    /// <summary>The output sample rate in Hz.</summary>
    public int OutputRate { get; }

    /// <summary>The filter's group delay: how much later a sound comes out than it went in.</summary>
    public TimeSpan Delay => TimeSpan.FromSeconds((_filter.TapsPerPhase * _filter.Up - 1) / 2.0 / _filter.Up / InputRate);

    /// <summary>
    /// The exact number of samples the next <see cref="Process"/> call produces for <paramref name="inputLength"/>
    /// input samples (it depends on the stream's position for ratios that are not whole numbers).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputLength"/> is negative.</exception>
    public int GetOutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        long end = (long)inputLength * _filter.Up;
        return end <= _position ? 0 : (int)((end - _position + _filter.Down - 1) / _filter.Down);
    }

    /// <summary>The most samples <paramref name="inputLength"/> input samples can ever produce, whatever the position.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputLength"/> is negative.</exception>
    public int GetMaxOutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return (int)((((long)inputLength * _filter.Up) + _filter.Down - 1) / _filter.Down);
    }

    /// <summary>Converts the next stretch of the stream.</summary>
    /// <param name="input">The next input samples (any length, including none).</param>
    /// <param name="output">Receives the converted samples; must hold <see cref="GetOutputLength"/> of them.</param>
    /// <returns>The number of samples written to <paramref name="output"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short (nothing is consumed).</exception>
    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        int needed = GetOutputLength(input.Length);
        if (output.Length < needed)
        {
            throw new ArgumentException($"The destination holds {output.Length} samples; {needed} are needed.", nameof(output));
        }

        int written = 0;
        int taps = _filter.TapsPerPhase;
        int up = _filter.Up;
        int down = _filter.Down;
        float[] coefficients = _filter.Coefficients;
        Span<float> work = _work;
        while (!input.IsEmpty)
        {
            int count = Math.Min(BlockSize, input.Length);
            Span<float> block = work.Slice(_history, count);
            for (int i = 0; i < count; i++)
            {
                block[i] = input[i];
            }

            long end = (long)count * up;
            while (_position < end)
            {
                int baseIndex = (int)(_position / up);
                int phase = (int)(_position - ((long)baseIndex * up));
                float value = Dot(coefficients.AsSpan(phase * taps, taps), work.Slice(baseIndex, taps));
                output[written++] = Pcm16.Saturate(value);
                _position += down;
            }

            _position -= end;
            work.Slice(count, _history).CopyTo(work);
            input = input[count..];
        }

        return written;
    }

    /// <summary>Forgets the stream: the next sample is treated as the first, preceded by silence.</summary>
    public void Reset()
    {
        Array.Clear(_work);
        _position = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        // Same length always; the order of additions depends only on the index, never on where the data lies,
        // so a stream gives identical results however it is split.
        int i = 0;
        float sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var accumulator = Vector<float>.Zero;
            ReadOnlySpan<Vector<float>> va = MemoryMarshal.Cast<float, Vector<float>>(a);
            ReadOnlySpan<Vector<float>> vb = MemoryMarshal.Cast<float, Vector<float>>(b[..a.Length]);
            for (int v = 0; v < va.Length; v++)
            {
                accumulator += va[v] * vb[v];
            }

            sum = Vector.Sum(accumulator);
            i = va.Length * Vector<float>.Count;
        }

        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}

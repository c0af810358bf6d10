using EslKit.AudioStream;

namespace EslKit.Controller.Audio;

/// <summary>
/// Makes telephone-band speech (G.711, 8 kHz) recognisable by a wideband model: upsamples 8 kHz input to 16 kHz,
/// brings speech to a steady peak level, and fills the empty band above 4.1 kHz with low-level white noise.
/// </summary>
/// <remarks>
/// <para>Why: pocketsphinx's en-us model computes 40 mel filters up to 6.8 kHz; on narrowband audio the filters
/// above 4 kHz see almost nothing, their log energies fall far outside anything the model was trained on, and
/// recognition collapses (the real capture gives "hello"). With the band filled by noise at a fixed level under
/// speech normalised to −3 dBFS peak, the same grammar gets every word (docs/voice.md has the measurements).</para>
/// <para>Level control, streaming: the whole-utterance peak normalisation of the original measurement needs the
/// utterance before it can start; here a peak follower with instant attack and a slow release
/// (<see cref="NarrowbandConditionerOptions.GainRelease"/>) sets the gain, so no sample ever exceeds the target,
/// the gain is settled after the first syllable, and it holds through pauses. Audio can go to the recogniser as
/// it arrives.</para>
/// <para><see cref="Process"/> allocates nothing. One instance is one call's stream: not thread-safe.</para>
/// </remarks>
public sealed class NarrowbandConditioner
{
    /// <summary>The output sample rate: always 16 kHz.</summary>
    public const int OutputSampleRate = 16_000;

    private readonly PcmResampler? _upsampler;
    private readonly BiquadFilter[] _noiseFilter;
    private readonly uint _seed;
    private readonly double _target;
    private readonly double _floor;
    private readonly double _release;
    private readonly double _noiseScale;
    private readonly short[] _upsampled;
    private WhiteNoise _noise;
    private double _peak;

    /// <summary>Creates a conditioner.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public NarrowbandConditioner(NarrowbandConditionerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        InputSampleRate = options.InputSampleRate;
        if (InputSampleRate != OutputSampleRate)
        {
            _upsampler = new PcmResampler(InputSampleRate, OutputSampleRate);
        }

        _upsampled = new short[1024];
        _target = PcmLevel.FromDbfs(options.TargetPeakDbfs);
        _floor = _target / Math.Pow(10, options.MaxGainDb / 20);
        _release = Math.Exp(-1.0 / (options.GainRelease.TotalSeconds * OutputSampleRate));
        _noiseFilter = BiquadFilter.ButterworthHighPass(4, options.NoiseCornerHz, OutputSampleRate);
        _seed = options.NoiseSeed;
        _noise = new WhiteNoise(_seed);
        _noiseScale = PcmLevel.FromDbfs(options.NoiseLevelDbfs) / FilteredNoiseRms(_noiseFilter, _seed);
        _peak = _floor;
    }

    /// <summary>The input sample rate (8,000 or 16,000 Hz).</summary>
    public int InputSampleRate { get; }

    /// <summary>The gain applied to the latest sample, in dB.</summary>
    public double CurrentGainDb => 20 * Math.Log10(_target / _peak);

    /// <summary>How many output samples <paramref name="inputLength"/> input samples give at most (twice as many from 8 kHz).</summary>
    public int GetMaxOutputLength(int inputLength) =>
        _upsampler?.GetMaxOutputLength(inputLength) ?? inputLength;

    /// <summary>Conditions the next stretch of the stream (any length, typically one 20 ms frame).</summary>
    /// <param name="input">Mono samples at <see cref="InputSampleRate"/>.</param>
    /// <param name="output">Receives 16 kHz samples: at least <see cref="GetMaxOutputLength"/> of them.</param>
    /// <returns>The number of samples written.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short.</exception>
    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        if (_upsampler is null)
        {
            if (output.Length < input.Length)
            {
                throw new ArgumentException($"The destination holds {output.Length} samples; {input.Length} are needed.", nameof(output));
            }

            Condition(input, output);
            return input.Length;
        }

        if (output.Length < _upsampler.GetOutputLength(input.Length))
        {
            throw new ArgumentException($"The destination holds {output.Length} samples; {_upsampler.GetOutputLength(input.Length)} are needed.", nameof(output));
        }

        int written = 0;
        int chunk = _upsampled.Length / 2;
        while (!input.IsEmpty)
        {
            int count = Math.Min(chunk, input.Length);
            int produced = _upsampler.Process(input[..count], _upsampled);
            Condition(_upsampled.AsSpan(0, produced), output.Slice(written, produced));
            written += produced;
            input = input[count..];
        }

        return written;
    }

    /// <summary>Starts over for a new stream: gain at its maximum, filter and noise sequence from the beginning.</summary>
    public void Reset()
    {
        _upsampler?.Reset();
        for (int i = 0; i < _noiseFilter.Length; i++)
        {
            _noiseFilter[i].Reset();
        }

        _noise = new WhiteNoise(_seed);
        _peak = _floor;
    }

    private static double FilteredNoiseRms(BiquadFilter[] prototype, uint seed)
    {
        // The filter's share of uniform white noise's power, measured once on a copy of the filter (structs copy).
        var sections = (BiquadFilter[])prototype.Clone();
        var noise = new WhiteNoise(seed ^ 0xA5A5A5A5u);
        const int Samples = 1 << 16;
        double sum = 0;
        for (int i = 0; i < Samples; i++)
        {
            double y = noise.Next();
            for (int s = 0; s < sections.Length; s++)
            {
                y = sections[s].Process(y);
            }

            sum += y * y;
        }

        return Math.Sqrt(sum / Samples);
    }

    private void Condition(ReadOnlySpan<short> input, Span<short> output)
    {
        BiquadFilter[] sections = _noiseFilter;
        double peak = _peak;
        for (int i = 0; i < input.Length; i++)
        {
            double x = input[i];
            double magnitude = Math.Abs(x);
            peak = Math.Max(Math.Max(peak * _release, magnitude), _floor);
            double noise = _noise.Next();
            for (int s = 0; s < sections.Length; s++)
            {
                noise = sections[s].Process(noise);
            }

            output[i] = Pcm16.Saturate((float)((x * (_target / peak)) + (noise * _noiseScale)));
        }

        _peak = peak;
    }
}

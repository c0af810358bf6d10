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
/// <para>Level, streaming: the measurement normalised each whole utterance to its peak, which needs the utterance
/// before anything can be recognised. Here <see cref="BeginUtterance"/> sets the gain from the utterance's opening
/// (the streaming recogniser has half a second of it: the start-of-speech decision comes after the onset, and it
/// holds a look-ahead back), and the gain then holds for the whole utterance, as it does with whole-utterance
/// normalisation: pocketsphinx normalises its features with a running mean, and a gain that moves within an
/// utterance costs words (measured: an instant-attack AGC lost up to 20 % of the words that a held gain got). Only
/// a peak that would pass full scale lowers it — gliding when announced ahead with <see cref="Anticipate"/>, at
/// once when not — so the target's 3 dB of headroom absorbs later, louder syllables and nothing clips.</para>
/// <para><see cref="Process"/> and <see cref="Anticipate"/> allocate nothing. One instance is one call's stream:
/// not thread-safe.</para>
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
    private readonly double _ceiling;
    private readonly double _noiseScale;
    private readonly short[] _upsampled;
    private WhiteNoise _noise;
    private double _peak;
    private double _gain;

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
        _ceiling = PcmLevel.FromDbfs(-0.1);
        _noiseFilter = BiquadFilter.ButterworthHighPass(4, options.NoiseCornerHz, OutputSampleRate);
        _seed = options.NoiseSeed;
        _noise = new WhiteNoise(_seed);
        _noiseScale = PcmLevel.FromDbfs(options.NoiseLevelDbfs) / FilteredNoiseRms(_noiseFilter, _seed);
        _peak = _floor;
        _gain = _target / _peak;
    }

    /// <summary>The input sample rate (8,000 or 16,000 Hz).</summary>
    public int InputSampleRate { get; }

    /// <summary>The gain applied to the latest sample, in dB.</summary>
    public double CurrentGainDb => 20 * Math.Log10(_gain);

    /// <summary>How many output samples <paramref name="inputLength"/> input samples give at most (twice as many from 8 kHz).</summary>
    public int GetMaxOutputLength(int inputLength) =>
        _upsampler?.GetMaxOutputLength(inputLength) ?? inputLength;

    /// <summary>
    /// Starts a new utterance: the gain is set to bring the peak of <paramref name="opening"/> (the utterance's first
    /// stretch, not yet processed) to the target, within the maximum gain, and then held. The filter, noise and
    /// resampler states carry on.
    /// </summary>
    public void BeginUtterance(ReadOnlySpan<short> opening)
    {
        _peak = Math.Max(_floor, PcmLevel.Peak(opening));
        _gain = _target / _peak;
    }

    /// <summary>
    /// Announces input that <see cref="Process"/> will get later (look-ahead): if its peak would pass full scale at
    /// the current gain, the gain glides down over the next processed audio so it does not.
    /// </summary>
    public void Anticipate(ReadOnlySpan<short> upcoming) => _peak = Math.Max(_peak, PcmLevel.Peak(upcoming) * _target / _ceiling);

    /// <summary>Conditions the next stretch of the stream (any length, typically one 20 ms frame).</summary>
    /// <param name="input">Mono samples at <see cref="InputSampleRate"/>.</param>
    /// <param name="output">Receives 16 kHz samples: at least <see cref="GetMaxOutputLength"/> of them. May be <paramref name="input"/> itself at 16 kHz.</param>
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
        _gain = _target / _peak;
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
        if (input.IsEmpty)
        {
            return;
        }

        int blockPeak = PcmLevel.Peak(input);
        double start = _gain;
        bool unannounced = blockPeak * start > _ceiling;
        _peak = Math.Max(_peak, blockPeak * _target / _ceiling);
        double end = _target / _peak;

        // An announced change glides over the block; an unannounced peak takes the whole block down at once.
        if (unannounced)
        {
            start = end;
        }

        double step = (end - start) / input.Length;
        BiquadFilter[] sections = _noiseFilter;
        for (int i = 0; i < input.Length; i++)
        {
            double noise = _noise.Next();
            for (int s = 0; s < sections.Length; s++)
            {
                noise = sections[s].Process(noise);
            }

            double gain = start + (step * (i + 1));
            output[i] = Pcm16.Saturate((float)((input[i] * gain) + (noise * _noiseScale)));
        }

        _gain = end;
    }
}

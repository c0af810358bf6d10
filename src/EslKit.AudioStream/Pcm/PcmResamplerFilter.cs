using System.Collections.Concurrent;

namespace EslKit.AudioStream;

/// <summary>
/// The polyphase low-pass filter of one rational rate ratio L/M: a Kaiser-windowed sinc designed at the
/// upsampled rate, split into L phases of <see cref="TapsPerPhase"/> taps, each phase stored reversed so an
/// output is one contiguous dot product. Immutable and shared by every resampler of the same ratio.
/// </summary>
internal sealed class PcmResamplerFilter
{
    /// <summary>Stopband attenuation of the design, in dB: below 16-bit resolution for all practical purposes.</summary>
    internal const double StopbandAttenuationDb = 80;

    /// <summary>Passband edge as a fraction of the lower of the two rates (3.4 kHz for 8 kHz: the telephone band).</summary>
    internal const double PassbandFraction = 0.425;

    private static readonly ConcurrentDictionary<(int Up, int Down), PcmResamplerFilter> Cache = new();

    private PcmResamplerFilter(int up, int down)
    {
        Up = up;
        Down = down;
        if (up == 1 && down == 1)
        {
            TapsPerPhase = 1;
            Coefficients = [1f];
            return;
        }

        // Rates relative to the input rate (= 1): the filter runs at the upsampled rate L.
        double lowerRate = Math.Min(1.0, (double)up / down);
        double passband = PassbandFraction * lowerRate;
        double stopband = 0.5 * lowerRate;
        double cutoff = (passband + stopband) / 2 / up;                      // cycles per upsampled sample
        double transition = 2 * Math.PI * (stopband - passband) / up;        // radians per upsampled sample
        int length = (int)Math.Ceiling((StopbandAttenuationDb - 7.95) / (2.285 * transition)) + 1;
        TapsPerPhase = Math.Max(2, (length + up - 1) / up);
        length = TapsPerPhase * up;

        double beta = 0.1102 * (StopbandAttenuationDb - 8.7);
        double besselBeta = BesselI0(beta);
        double centre = (length - 1) / 2.0;
        var prototype = new double[length];
        for (int n = 0; n < length; n++)
        {
            double x = n - centre;
            double sinc = x == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            double ratio = x / centre;
            double window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - (ratio * ratio)))) / besselBeta;
            prototype[n] = sinc * window;
        }

        // Phase p holds taps p, p + L, p + 2L, … reversed; each phase is normalised to a sum of exactly one so
        // a constant input gives the same constant out, with no ripple at the input rate.
        Coefficients = new float[length];
        for (int phase = 0; phase < up; phase++)
        {
            double sum = 0;
            for (int k = 0; k < TapsPerPhase; k++)
            {
                sum += prototype[phase + (k * up)];
            }

            for (int k = 0; k < TapsPerPhase; k++)
            {
                Coefficients[(phase * TapsPerPhase) + (TapsPerPhase - 1 - k)] = (float)(prototype[phase + (k * up)] / sum);
            }
        }
    }

    /// <summary>L: the upsampling factor (output rate / gcd).</summary>
    public int Up { get; }

    /// <summary>M: the downsampling factor (input rate / gcd).</summary>
    public int Down { get; }

    /// <summary>Taps of each phase, i.e. input samples per output sample.</summary>
    public int TapsPerPhase { get; }

    /// <summary>L × <see cref="TapsPerPhase"/> coefficients, phase by phase, each phase reversed.</summary>
    public float[] Coefficients { get; }

    /// <summary>The shared filter for <paramref name="up"/>/<paramref name="down"/> (already reduced).</summary>
    public static PcmResamplerFilter For(int up, int down) =>
        Cache.GetOrAdd((up, down), static key => new PcmResamplerFilter(key.Up, key.Down));

    private static double BesselI0(double x)
    {
        // The power series converges quickly for the β values a Kaiser design uses (< 15).
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 64; k++)
        {
            term *= half / k;
            double squared = term * term;
            sum += squared;
            if (squared < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }
}

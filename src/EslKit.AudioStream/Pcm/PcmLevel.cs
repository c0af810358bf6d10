namespace EslKit.AudioStream;

/// <summary>
/// Signal level of 16-bit PCM: RMS and peak, linear (in sample units) and in dBFS. Full scale is 32,768, so a
/// full-scale square wave is 0 dBFS and a full-scale sine is −3.01 dBFS RMS. Digital silence is reported as
/// <see cref="SilenceDbfs"/> rather than −∞, so levels can be compared and averaged safely. Allocation-free.
/// </summary>
public static class PcmLevel
{
    /// <summary>The level reported for digital silence (and the floor of every dBFS figure): −120 dBFS.</summary>
    public const double SilenceDbfs = -120;

    private const double FullScale = 32768.0;

    /// <summary>The root-mean-square of the samples, in sample units (0 for an empty span).</summary>
    public static double Rms(ReadOnlySpan<short> samples) =>
        samples.IsEmpty ? 0 : Math.Sqrt(SumOfSquares(samples) / samples.Length);

    /// <summary>The largest absolute sample value (32,768 for a sample of −32,768; 0 for an empty span).</summary>
    public static int Peak(ReadOnlySpan<short> samples)
    {
        int peak = 0;
        foreach (short sample in samples)
        {
            int magnitude = Math.Abs((int)sample);
            if (magnitude > peak)
            {
                peak = magnitude;
            }
        }

        return peak;
    }

    /// <summary>The sum of the squared samples (the frame's energy), exact up to 2^31 samples.</summary>
    public static double SumOfSquares(ReadOnlySpan<short> samples)
    {
        // Integer accumulation is exact and as fast as floating point: a 16-bit square fits 31 bits, and 2^32 of
        // them fit a long with room to spare.
        long sum = 0;
        foreach (short sample in samples)
        {
            sum += sample * sample;
        }

        return sum;
    }

    /// <summary>The RMS level in dBFS (<see cref="SilenceDbfs"/> for silence or an empty span).</summary>
    public static double RmsDbfs(ReadOnlySpan<short> samples) => ToDbfs(Rms(samples));

    /// <summary>The peak level in dBFS (<see cref="SilenceDbfs"/> for silence or an empty span).</summary>
    public static double PeakDbfs(ReadOnlySpan<short> samples) => ToDbfs(Peak(samples));

    /// <summary>Converts an amplitude in sample units to dBFS, floored at <see cref="SilenceDbfs"/>.</summary>
    public static double ToDbfs(double amplitude)
    {
        if (!(amplitude > 0))
        {
            return SilenceDbfs;
        }

        return Math.Max(SilenceDbfs, 20 * Math.Log10(amplitude / FullScale));
    }

    /// <summary>Converts dBFS to an amplitude in sample units (0 dBFS = 32,768).</summary>
    public static double FromDbfs(double dbfs) => FullScale * Math.Pow(10, dbfs / 20);
}

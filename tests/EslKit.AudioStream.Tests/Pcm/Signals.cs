namespace EslKit.AudioStream.Tests.Pcm;

/// <summary>Test signals and measurements shared by the PCM tests.</summary>
internal static class Signals
{
    /// <summary>A sine of <paramref name="frequency"/> Hz and <paramref name="amplitude"/> (sample units).</summary>
    public static short[] Sine(double frequency, int sampleRate, int length, double amplitude)
    {
        var samples = new short[length];
        for (int i = 0; i < length; i++)
        {
            samples[i] = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        }

        return samples;
    }

    /// <summary>The amplitude of the <paramref name="frequency"/> Hz component (a single-bin DFT over the span).</summary>
    public static double Amplitude(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        double re = 0;
        double im = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            double phase = 2 * Math.PI * frequency * i / sampleRate;
            re += samples[i] * Math.Cos(phase);
            im += samples[i] * Math.Sin(phase);
        }

        return 2 * Math.Sqrt((re * re) + (im * im)) / samples.Length;
    }

    /// <summary>Resamples in one pass.</summary>
    public static short[] Resample(short[] input, int from, int to)
    {
        var resampler = new PcmResampler(from, to);
        var output = new short[resampler.GetOutputLength(input.Length)];
        Assert.Equal(output.Length, resampler.Process(input, output));
        return output;
    }
}

using FsCheck;
using FsCheck.Fluent;

namespace EslKit.AudioStream.Tests.Pcm;

/// <summary>The streaming rate converter: lengths, split invariance, DC, passband and stopband.</summary>
public sealed class PcmResamplerTests
{
    public static TheoryData<int, int> Ratios => new() { { 8_000, 16_000 }, { 16_000, 8_000 }, { 22_050, 16_000 }, { 16_000, 16_000 }, { 48_000, 16_000 } };

    [Theory]
    [MemberData(nameof(Ratios))]
    public void A_stream_gives_rate_ratio_samples(int from, int to)
    {
        var resampler = new PcmResampler(from, to);
        int total = 0;
        var output = new short[resampler.GetMaxOutputLength(333)];
        for (int i = 0; i < 100; i++)
        {
            int expected = resampler.GetOutputLength(333);
            Assert.True(expected <= output.Length);
            Assert.Equal(expected, resampler.Process(new short[333], output));
            total += expected;
        }

        Assert.Equal(Math.Ceiling(33_300.0 * to / from), total);
    }

    [Theory]
    [MemberData(nameof(Ratios))]
    public void Frames_split_anywhere_give_exactly_the_one_pass_output(int from, int to)
    {
        var input = Gen.Choose(short.MinValue, short.MaxValue).Select(i => (short)i).ArrayOf();
        var cuts = Gen.Choose(0, 700).ListOf();
        Prop.ForAll(input.ToArbitrary(), cuts.ToArbitrary(), (samples, splits) =>
        {
            short[] whole = Signals.Resample(samples, from, to);
            var resampler = new PcmResampler(from, to);
            var pieces = new List<short>();
            int at = 0;
            foreach (int length in splits.Append(samples.Length))
            {
                int count = Math.Min(length, samples.Length - at);
                var output = new short[resampler.GetOutputLength(count)];
                Assert.Equal(output.Length, resampler.Process(samples.AsSpan(at, count), output));
                pieces.AddRange(output);
                at += count;
            }

            Assert.Equal(whole, pieces.ToArray());
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [MemberData(nameof(Ratios))]
    public void A_constant_comes_out_as_the_same_constant(int from, int to)
    {
        Prop.ForAll(Gen.Choose(-30_000, 30_000).ToArbitrary(), level =>
        {
            short[] output = Signals.Resample(Enumerable.Repeat((short)level, from / 10).ToArray(), from, to);
            foreach (short sample in output.AsSpan(output.Length / 2))
            {
                Assert.InRange(sample, level - 1, level + 1);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(8_000, 16_000, 1_000)]
    [InlineData(8_000, 16_000, 3_300)]
    [InlineData(16_000, 8_000, 1_000)]
    [InlineData(16_000, 8_000, 3_300)]
    [InlineData(22_050, 16_000, 440)]
    [InlineData(22_050, 16_000, 6_500)]
    public void A_passband_sine_keeps_its_frequency_and_amplitude(int from, int to, double frequency)
    {
        short[] output = Signals.Resample(Signals.Sine(frequency, from, from, 10_000), from, to);
        double amplitude = Signals.Amplitude(output.AsSpan(to / 10, to / 2), frequency, to);
        Assert.InRange(20 * Math.Log10(amplitude / 10_000), -0.2, 0.2);
    }

    [Theory]
    [InlineData(16_000, 8_000, 6_000, 2_000)]   // 6 kHz would fold to 2 kHz
    [InlineData(16_000, 8_000, 4_500, 3_500)]
    [InlineData(22_050, 16_000, 9_000, 7_000)]
    [InlineData(48_000, 16_000, 12_000, 4_000)]
    public void Downsampling_rejects_what_would_alias(int from, int to, double frequency, double alias)
    {
        short[] output = Signals.Resample(Signals.Sine(frequency, from, from, 30_000), from, to);
        double folded = Signals.Amplitude(output.AsSpan(to / 10, to / 2), alias, to);
        Assert.True(20 * Math.Log10(Math.Max(folded, 1e-9) / 30_000) < -70, $"alias at {alias} Hz: {folded:F2}");
    }

    [Theory]
    [InlineData(1_000, 7_000)]
    [InlineData(3_000, 5_000)]
    public void Upsampling_8_to_16_kHz_rejects_the_image(double frequency, double image)
    {
        short[] output = Signals.Resample(Signals.Sine(frequency, 8_000, 8_000, 30_000), 8_000, 16_000);
        double mirrored = Signals.Amplitude(output.AsSpan(1_600, 8_000), image, 16_000);
        Assert.True(20 * Math.Log10(Math.Max(mirrored, 1e-9) / 30_000) < -70, $"image at {image} Hz: {mirrored:F2}");
    }

    [Fact]
    public void Process_allocates_nothing()
    {
        var resampler = new PcmResampler(8_000, 16_000);
        var frame = Signals.Sine(440, 8_000, 160, 8_000);
        var output = new short[320];
        resampler.Process(frame, output);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            resampler.Process(frame, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Reset_starts_the_stream_over_and_bad_arguments_are_refused()
    {
        short[] input = Signals.Sine(700, 8_000, 800, 9_000);
        var resampler = new PcmResampler(8_000, 16_000);
        var first = new short[1_600];
        resampler.Process(input, first);
        resampler.Reset();
        var second = new short[1_600];
        resampler.Process(input, second);
        Assert.Equal(first, second);
        Assert.Throws<ArgumentException>(() => resampler.Process(input, new short[10]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PcmResampler(0, 16_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PcmResampler(44_100, 44_099));
        Assert.InRange(new PcmResampler(8_000, 16_000).Delay.TotalMilliseconds, 1, 10);
    }
}

using FsCheck;
using FsCheck.Fluent;

namespace EslKit.AudioStream.Tests.Pcm;

/// <summary>RMS and peak levels in sample units and dBFS.</summary>
public sealed class PcmLevelTests
{
    [Fact]
    public void A_full_scale_sine_is_minus_3_dBFS_rms_and_0_dBFS_peak()
    {
        short[] sine = Signals.Sine(1000, 16_000, 16_000, 32767);
        Assert.Equal(-3.01, PcmLevel.RmsDbfs(sine), 2);
        Assert.Equal(0, PcmLevel.PeakDbfs(sine), 2);
    }

    [Fact]
    public void A_full_scale_square_is_0_dBFS()
    {
        short[] square = Enumerable.Range(0, 320).Select(i => i % 2 == 0 ? short.MinValue : short.MaxValue).ToArray();
        Assert.Equal(0, PcmLevel.RmsDbfs(square), 3);
        Assert.Equal(32768, PcmLevel.Peak(square));
    }

    [Fact]
    public void Silence_and_empty_frames_are_the_silence_level()
    {
        Assert.Equal(PcmLevel.SilenceDbfs, PcmLevel.RmsDbfs(new short[320]));
        Assert.Equal(PcmLevel.SilenceDbfs, PcmLevel.PeakDbfs([]));
        Assert.Equal(0, PcmLevel.Rms([]));
    }

    [Fact]
    public void A_sine_at_minus_20_dBFS_peak_measures_minus_20()
    {
        short[] sine = Signals.Sine(440, 16_000, 16_000, PcmLevel.FromDbfs(-20));
        Assert.Equal(-20, PcmLevel.PeakDbfs(sine), 1);
        Assert.Equal(-23.01, PcmLevel.RmsDbfs(sine), 1);
    }

    [Fact]
    public void Rms_never_exceeds_peak_and_both_match_a_direct_computation()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<short[]>(), samples =>
        {
            double rms = PcmLevel.Rms(samples);
            double direct = samples.Length == 0 ? 0 : Math.Sqrt(samples.Select(s => (double)s * s).Average());
            Assert.Equal(direct, rms, 6);
            Assert.True(rms <= PcmLevel.Peak(samples) + 1e-9);
            Assert.Equal(samples.Length == 0 ? 0 : samples.Max(s => Math.Abs((int)s)), PcmLevel.Peak(samples));
        }).QuickCheckThrowOnFailure();
    }
}

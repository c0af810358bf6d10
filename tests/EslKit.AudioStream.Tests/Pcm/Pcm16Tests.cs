using FsCheck;
using FsCheck.Fluent;

namespace EslKit.AudioStream.Tests.Pcm;

/// <summary>L16 bytes and samples, stereo downmix, frame sizes.</summary>
public sealed class Pcm16Tests
{
    [Fact]
    public void A_20_ms_frame_is_320_samples_at_16_kHz_and_160_at_8_kHz()
    {
        Assert.Equal(320, Pcm16.SamplesPerFrame(16_000, TimeSpan.FromMilliseconds(20)));
        Assert.Equal(160, Pcm16.SamplesPerFrame(8_000, TimeSpan.FromMilliseconds(20)));
        Assert.Equal(TimeSpan.FromMilliseconds(20), Pcm16.Duration(320, 16_000));
    }

    [Fact]
    public void Little_endian_bytes_are_read_low_byte_first()
    {
        Span<short> samples = stackalloc short[2];
        Assert.Equal(2, Pcm16.ReadLittleEndian([0x34, 0x12, 0x00, 0x80, 0xFF], samples));   // the odd byte is ignored
        Assert.Equal(0x1234, samples[0]);
        Assert.Equal(short.MinValue, samples[1]);
    }

    [Fact]
    public void Samples_survive_a_round_trip_through_bytes()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<short[]>(), samples =>
        {
            var bytes = new byte[samples.Length * 2];
            Assert.Equal(bytes.Length, Pcm16.WriteLittleEndian(samples, bytes));
            var back = new short[samples.Length];
            Assert.Equal(samples.Length, Pcm16.ReadLittleEndian(bytes, back));
            Assert.Equal(samples, back);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Downmix_is_the_floor_of_each_pairs_mean_and_never_overflows()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<short[]>(), interleaved =>
        {
            var mono = new short[interleaved.Length / 2];
            Assert.Equal(mono.Length, Pcm16.DownmixStereo(interleaved, mono));
            for (int i = 0; i < mono.Length; i++)
            {
                Assert.Equal((int)Math.Floor((interleaved[2 * i] + interleaved[(2 * i) + 1]) / 2.0), mono[i]);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Short_destinations_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Pcm16.ReadLittleEndian(new byte[4], new short[1]));
        Assert.Throws<ArgumentException>(() => Pcm16.WriteLittleEndian(new short[2], new byte[3]));
        Assert.Throws<ArgumentException>(() => Pcm16.DownmixStereo(new short[4], new short[1]));
    }

    [Theory]
    [InlineData(40000f, short.MaxValue)]
    [InlineData(-40000f, short.MinValue)]
    [InlineData(1.5f, 2)]
    [InlineData(-2.4f, -2)]
    public void Saturate_rounds_and_clamps(float value, short expected) => Assert.Equal(expected, Pcm16.Saturate(value));
}

using FsCheck;
using FsCheck.Fluent;

namespace EslKit.AudioStream.Tests.Pcm;

/// <summary>G.711 μ-law and A-law, against the ITU values and against sox's coder on every 16-bit value.</summary>
public sealed class G711Tests
{
    private static readonly short[] EverySample = Enumerable.Range(short.MinValue, 65536).Select(i => (short)i).ToArray();

    [Fact]
    public void Known_codes_decode_to_the_itu_values()
    {
        Assert.Equal(0, G711.DecodeMuLaw(0xFF));
        Assert.Equal(0, G711.DecodeMuLaw(0x7F));
        Assert.Equal(-32124, G711.DecodeMuLaw(0x00));
        Assert.Equal(32124, G711.DecodeMuLaw(0x80));
        Assert.Equal(8, G711.DecodeALaw(0xD5));
        Assert.Equal(-8, G711.DecodeALaw(0x55));
        Assert.Equal(32256, G711.DecodeALaw(0xAA));
        Assert.Equal(-32256, G711.DecodeALaw(0x2A));
        Assert.Equal(0xFF, G711.EncodeMuLaw(0));
        Assert.Equal(0xD5, G711.EncodeALaw(0));
    }

    [Theory]
    [InlineData("mu-law")]
    [InlineData("a-law")]
    public async Task Encoding_every_sample_matches_sox(string encoding)
    {
        var linear = new byte[EverySample.Length * 2];
        Pcm16.WriteLittleEndian(EverySample, linear);
        byte[] expected = await ExternalTool.RunAsync("sox", [
            "-D", "-t", "raw", "-r", "8000", "-e", "signed-integer", "-b", "16", "-c", "1", "-L", "-",
            "-t", "raw", "-e", encoding, "-"], linear);   // -D: no dither (sox would add noise before coding)

        var codes = new byte[EverySample.Length];
        if (encoding == "mu-law")
        {
            G711.EncodeMuLaw(EverySample, codes);
        }
        else
        {
            G711.EncodeALaw(EverySample, codes);
        }

        // sox rounds to the coder's 13/14 bits before companding where the ITU reference coders (and FreeSWITCH)
        // truncate, so samples within a rounding step of a code boundary land in the neighbouring code: allowed,
        // anything else (a wrong segment, a wrong sign) is not.
        Assert.Equal(expected.Length, codes.Length);
        Func<byte, short> decode = encoding == "mu-law" ? G711.DecodeMuLaw : G711.DecodeALaw;
        int neighbours = 0;
        for (int i = 0; i < codes.Length; i++)
        {
            if (codes[i] != expected[i])
            {
                // One quantisation step apart at most (steps are 1/16 to 1/8 of the magnitude, at least 8).
                int gap = Math.Abs(decode(codes[i]) - decode(expected[i]));
                Assert.True(gap <= (Math.Abs((int)EverySample[i]) / 8) + 16, $"sample {EverySample[i]}: {codes[i]:X2} vs sox {expected[i]:X2}");
                neighbours++;
            }
        }

        Assert.True(neighbours < codes.Length / 50, $"{neighbours} codes differ from sox's");
    }

    [Theory]
    [InlineData("mu-law")]
    [InlineData("a-law")]
    public async Task Decoding_every_code_matches_sox(string encoding)
    {
        byte[] codes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        byte[] linear = await ExternalTool.RunAsync("sox", [
            "-t", "raw", "-r", "8000", "-e", encoding, "-b", "8", "-c", "1", "-",
            "-t", "raw", "-e", "signed-integer", "-b", "16", "-L", "-"], codes);
        var expected = new short[256];
        Pcm16.ReadLittleEndian(linear, expected);

        var decoded = new short[256];
        if (encoding == "mu-law")
        {
            G711.DecodeMuLaw(codes, decoded);
        }
        else
        {
            G711.DecodeALaw(codes, decoded);
        }

        Assert.Equal(expected, decoded);
    }

    [Fact]
    public void Every_code_but_negative_zero_survives_decode_then_encode()
    {
        for (int code = 0; code < 256; code++)
        {
            Assert.Equal(code == 0x7F ? 0xFF : code, G711.EncodeMuLaw(G711.DecodeMuLaw((byte)code)));
            Assert.Equal(code, G711.EncodeALaw(G711.DecodeALaw((byte)code)));
        }
    }

    [Fact]
    public void A_round_trip_stays_within_the_quantisation_step_and_keeps_order()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<short>(), ArbMap.Default.ArbFor<short>(), (a, b) =>
        {
            foreach ((Func<short, byte> encode, Func<byte, short> decode, int clip) in new (Func<short, byte>, Func<byte, short>, int)[]
            {
                (G711.EncodeMuLaw, G711.DecodeMuLaw, 32124),
                (G711.EncodeALaw, G711.DecodeALaw, 32256),
            })
            {
                int back = decode(encode(a));

                // Steps double per segment, from 8 (A-law) or 4–8 (μ-law) up to 1,024: half a step is at most 1/32 of the value, plus 16.
                int clamped = Math.Clamp((int)a, -clip, clip);
                Assert.True(Math.Abs(back - clamped) <= (Math.Abs(clamped) / 32) + 16, $"{a} -> {back}");
                Assert.True(Math.Sign(back) == Math.Sign(a) || Math.Abs(a) <= 8 || back == 0, $"{a} -> {back}: sign");
                if (a <= b)
                {
                    Assert.True(decode(encode(a)) <= decode(encode(b)), $"{a} <= {b} but not after coding");
                }
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Span_coders_match_the_sample_coders()
    {
        var mu = new byte[EverySample.Length];
        var a = new byte[EverySample.Length];
        G711.EncodeMuLaw(EverySample, mu);
        G711.EncodeALaw(EverySample, a);
        var back = new short[EverySample.Length];
        G711.DecodeMuLaw(mu, back);
        Assert.Equal(EverySample.Select(s => G711.DecodeMuLaw(G711.EncodeMuLaw(s))).ToArray(), back);
        G711.DecodeALaw(a, back);
        Assert.Equal(EverySample.Select(s => G711.DecodeALaw(G711.EncodeALaw(s))).ToArray(), back);
        Assert.Throws<ArgumentException>(() => G711.EncodeMuLaw(new short[2], new byte[1]));
    }
}

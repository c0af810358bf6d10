using System.Text;
using EslKit.Protocol;
using EslKit.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace EslKit.Tests.Protocol;

/// <summary>URL decoding of plain event headers and channel data: never throws, never transcodes.</summary>
public sealed class EslUrlDecoderTests
{
    [Theory]
    [InlineData("%41", "A")]
    [InlineData("%4a%4A", "JJ")]
    [InlineData("fd00%3A%3A2", "fd00::2")]
    [InlineData("2026-11-20%2021%3A47%3A02", "2026-11-20 21:47:02")]
    [InlineData("%2BOK%0A", "+OK\n")]
    [InlineData("caf%C3%A9%20%E2%98%8E%20100%25", "café ☎ 100%")]
    [InlineData("ARRAY%3A%3Aa%7C%3Ab", "ARRAY::a|:b")]
    [InlineData("%2541", "%41")] // decoded once, not twice
    [InlineData("%%41", "%A")]
    [InlineData("%00", "\0")]
    [InlineData("no escapes at all", "no escapes at all")]
    [InlineData("", "")]
    public void Valid_escapes_are_decoded(string encoded, string expected)
    {
        Assert.Equal(Encoding.UTF8.GetBytes(expected), Decode(Encoding.ASCII.GetBytes(encoded)));
        Assert.Equal(expected, EslUrlDecoder.DecodeToString(Encoding.ASCII.GetBytes(encoded)));
    }

    [Theory]
    [InlineData("%G1")]
    [InlineData("%4G")] // FreeSWITCH's sscanf decoder would make this 0x04 and eat the G; we keep it
    [InlineData("% 41")]
    [InlineData("%+4")]
    [InlineData("%-1")]
    [InlineData("100%")]
    [InlineData("100%4")]
    [InlineData("%")]
    [InlineData("%%")]
    [InlineData("50% off")]
    [InlineData("%zz%")]
    public void Invalid_and_truncated_escapes_stay_literal(string text)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        Assert.Equal(bytes, Decode(bytes));
        Assert.False(EslUrlDecoder.NeedsDecoding(bytes));
        Assert.Equal(text, EslUrlDecoder.DecodeToString(bytes));
    }

    [Theory]
    [InlineData("a+b=c&d", "a+b=c&d")]
    [InlineData("a%2Bb", "a+b")]
    [InlineData("+", "+")]
    [InlineData("%20+%20", " + ")]
    public void Plus_stays_a_plus(string encoded, string expected) =>
        Assert.Equal(expected, EslUrlDecoder.DecodeToString(Encoding.ASCII.GetBytes(encoded)));

    [Fact]
    public void Mixed_valid_and_invalid_escapes_decode_independently()
    {
        Assert.Equal("A%G1B%4", EslUrlDecoder.DecodeToString("%41%G1%42%4"u8));
        Assert.True(EslUrlDecoder.NeedsDecoding("%G1 %41"u8));
        Assert.False(EslUrlDecoder.NeedsDecoding("%G1 %4"u8));
    }

    [Fact]
    public void Raw_utf8_and_invalid_utf8_bytes_pass_through_untouched()
    {
        byte[] raw = [.. "café ☎ "u8, 0xFF, 0xC3, (byte)'%', (byte)'4', (byte)'1', 0x80];
        byte[] expected = [.. "café ☎ "u8, 0xFF, 0xC3, (byte)'A', 0x80];
        Assert.Equal(expected, Decode(raw));

        // Escaped invalid UTF-8 decodes to the same bytes; only the string form substitutes U+FFFD.
        Assert.Equal(new byte[] { 0xFF, 0xC3 }, Decode("%FF%c3"u8.ToArray()));
        Assert.Equal("\uFFFD\uFFFD", EslUrlDecoder.DecodeToString("%FF%C3"u8));
    }

    [Fact]
    public void Long_values_decode_through_the_pooled_path()
    {
        string value = string.Concat(Enumerable.Repeat("naïve ümläut ☃ 50% off & more=yes|", 40));
        byte[] encoded = EslWire.UrlEncode(Encoding.UTF8.GetBytes(value));
        Assert.True(encoded.Length > 1024);
        Assert.Equal(value, EslUrlDecoder.DecodeToString(encoded));
    }

    [Fact]
    public void Destination_shorter_than_the_source_is_refused()
    {
        byte[] destination = new byte[2];
        Assert.Throws<ArgumentException>(() => EslUrlDecoder.Decode("%41%42"u8, destination));
    }

    [Fact]
    public void Decoding_in_place_and_into_a_buffer_agree_on_any_bytes()
    {
        // Bytes biased towards '%' and hex digits so that valid, invalid and truncated escapes all occur.
        var interesting = Gen.Elements((byte)'%', (byte)'%', (byte)'0', (byte)'9', (byte)'a', (byte)'F', (byte)'f', (byte)'G', (byte)'+', (byte)' ', (byte)0, (byte)0xC3, (byte)0xFF);
        var bytes = Gen.Frequency((3, interesting), (1, Gen.Choose(0, 255).Select(i => (byte)i))).ArrayOf();
        Prop.ForAll(bytes.ToArbitrary(), source =>
        {
            byte[] buffer = new byte[source.Length];
            int written = EslUrlDecoder.Decode(source, buffer);

            byte[] inPlace = (byte[])source.Clone();
            int inPlaceLength = EslUrlDecoder.DecodeInPlace(inPlace);

            Assert.Equal(buffer.AsSpan(0, written).ToArray(), inPlace.AsSpan(0, inPlaceLength).ToArray());
            Assert.Equal(Naive(source), buffer.AsSpan(0, written).ToArray());
            Assert.Equal(written < source.Length, EslUrlDecoder.NeedsDecoding(source));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Decoding_undoes_freeswitch_url_encoding_of_any_bytes()
    {
        var bytes = Gen.Choose(0, 255).Select(i => (byte)i).ArrayOf();
        Prop.ForAll(bytes.ToArbitrary(), value =>
        {
            byte[] encoded = EslWire.UrlEncode(value);
            Assert.All(encoded, b => Assert.InRange(b, (byte)0x21, (byte)0x7E)); // nothing left that could break a header line
            Assert.Equal(value, Decode(encoded));
        }).QuickCheckThrowOnFailure();
    }

    private static byte[] Decode(byte[] source)
    {
        byte[] buffer = new byte[source.Length];
        int n = EslUrlDecoder.Decode(source, buffer);
        byte[] inPlace = (byte[])source.Clone();
        int m = EslUrlDecoder.DecodeInPlace(inPlace);
        Assert.Equal(buffer.AsSpan(0, n).ToArray(), inPlace.AsSpan(0, m).ToArray());
        return buffer.AsSpan(0, n).ToArray();
    }

    // The rule, byte by byte: '%' and two hex digits make one byte; anything else is copied.
    private static byte[] Naive(byte[] s)
    {
        var output = new List<byte>();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && i + 2 < s.Length && Uri.IsHexDigit((char)s[i + 1]) && Uri.IsHexDigit((char)s[i + 2]))
            {
                output.Add(Convert.ToByte(Encoding.ASCII.GetString(s, i + 1, 2), 16));
                i += 2;
            }
            else
            {
                output.Add(s[i]);
            }
        }

        return [.. output];
    }
}

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EslKit.Protocol;
using FsCheck;
using FsCheck.Fluent;

namespace EslKit.Tests.Protocol;

/// <summary>Unescaping JSON string content in place (json event values and bodies). Never throws.</summary>
public sealed class EslJsonTextTests
{
    private static readonly JsonSerializerOptions[] Encoders =
    [
        new() { Encoder = JavaScriptEncoder.Default },
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping },
    ];

    [Theory]
    [InlineData(@"\""", "\"")]
    [InlineData(@"\\", "\\")]
    [InlineData(@"\/", "/")]
    [InlineData(@"\b", "\b")]
    [InlineData(@"\f", "\f")]
    [InlineData(@"\n", "\n")]
    [InlineData(@"\r", "\r")]
    [InlineData(@"\t", "\t")]
    [InlineData(@"a\tb\nc\\d\""e", "a\tb\nc\\d\"e")]
    [InlineData(@"\u0041", "A")]
    [InlineData(@"\u00e9\u00E9", "éé")] // two bytes each, either hex case
    [InlineData(@"\u260e", "☎")] // three bytes
    [InlineData(@"\ud83d\ude00", "😀")] // a surrogate pair is one four-byte character
    [InlineData(@"\uD83D\uDE00x", "😀x")]
    [InlineData(@"\u0000", "\0")]
    [InlineData("café ☎", "café ☎")] // raw UTF-8 as it is
    [InlineData("", "")]
    public void Escapes_are_decoded(string escaped, string expected) =>
        Assert.Equal(Encoding.UTF8.GetBytes(expected), Unescape(escaped));

    [Theory]
    [InlineData(@"\ud800", "\uFFFD")] // high surrogate at the end
    [InlineData(@"\ud800x", "\uFFFDx")]
    [InlineData(@"\udc00", "\uFFFD")] // low surrogate alone
    [InlineData(@"\udc00\ud800", "\uFFFD\uFFFD")] // reversed pair
    [InlineData(@"\ud800\u0041", "\uFFFDA")] // high surrogate followed by a non-surrogate escape
    [InlineData(@"\ud800\ud800\udc00", "\uFFFD𐀀")]
    [InlineData(@"\ud800\n", "\uFFFD\n")]
    public void Lone_surrogates_become_the_replacement_character(string escaped, string expected) =>
        Assert.Equal(Encoding.UTF8.GetBytes(expected), Unescape(escaped));

    [Theory]
    [InlineData(@"\x41")]
    [InlineData(@"\u12")]
    [InlineData(@"\u12g4")]
    [InlineData(@"\uZZZZ")]
    [InlineData(@"\'")]
    [InlineData(@"\")]
    [InlineData(@"abc\")]
    [InlineData(@"\ ")]
    public void Invalid_escapes_stay_literal(string text) =>
        Assert.Equal(Encoding.UTF8.GetBytes(text), Unescape(text));

    [Fact]
    public void Unescaping_matches_system_text_json_for_any_valid_string()
    {
        // Strings of valid Unicode scalars, escaped by System.Text.Json (default and relaxed encoders).
        var scalar = Gen.Frequency(
            (4, Gen.Choose(0, 0x7F)),
            (2, Gen.Choose(0x80, 0x7FF)),
            (2, Gen.Choose(0x800, 0xFFFF).Where(c => c is < 0xD800 or > 0xDFFF)),
            (1, Gen.Choose(0x10000, 0x10FFFF)));
        var text = scalar.ArrayOf().Select(cs => string.Concat(cs.Select(char.ConvertFromUtf32)));
        Prop.ForAll(text.ToArbitrary(), value =>
        {
            foreach (var options in Encoders)
            {
                byte[] json = JsonSerializer.SerializeToUtf8Bytes(value, options);
                byte[] content = json[1..^1]; // without the quotes
                Assert.Equal(Encoding.UTF8.GetBytes(value), Unescape(content));
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Output_is_never_longer_than_the_input()
    {
        var bytes = Gen.Frequency(
            (3, Gen.Elements("\\"u8.ToArray(), "u"u8.ToArray(), "d8"u8.ToArray(), "dc"u8.ToArray(), "00"u8.ToArray(), "n"u8.ToArray(), "\""u8.ToArray())),
            (1, Gen.Choose(0, 255).Select(b => new[] { (byte)b })))
            .ArrayOf()
            .Select(parts => parts.SelectMany(p => p).ToArray());
        Prop.ForAll(bytes.ToArbitrary(), source =>
        {
            byte[] destination = new byte[source.Length];
            int n = EslJsonText.Unescape(source, destination);
            Assert.InRange(n, 0, source.Length);
        }).QuickCheckThrowOnFailure();
    }

    private static byte[] Unescape(string escaped) => Unescape(Encoding.UTF8.GetBytes(escaped));

    private static byte[] Unescape(byte[] source)
    {
        byte[] destination = new byte[source.Length];
        int n = EslJsonText.Unescape(source, destination);
        return destination.AsSpan(0, n).ToArray();
    }
}

using System.Text;
using EslKit.Protocol;

namespace EslKit.Tests.Protocol;

/// <summary>Unescaping the XML text FreeSWITCH writes for text/event-xml. Never throws.</summary>
public sealed class EslXmlTextTests
{
    [Theory]
    [InlineData("&lt;&gt;&amp;&quot;&apos;", "<>&\"'")]
    [InlineData("a &amp;&amp; b", "a && b")]
    [InlineData("&#65;&#x41;&#X41;&#x6a;", "AAAj")]
    [InlineData("&#xE9;", "é")] // FreeSWITCH writes non-ASCII body text as upper-case hex references
    [InlineData("&#x260E;&#9742;", "☎☎")]
    [InlineData("&#x1F600;", "😀")]
    [InlineData("&#xD;&#xA;&#x9;", "\r\n\t")]
    [InlineData("&#0000065;", "A")]
    [InlineData("&#x10FFFF;", "\U0010FFFF")]
    [InlineData("plain text", "plain text")]
    [InlineData("", "")]
    public void Entities_and_references_are_decoded(string text, string expected) =>
        Assert.Equal(Encoding.UTF8.GetBytes(expected), Unescape(text));

    [Theory]
    [InlineData("&unknown;")]
    [InlineData("&;")]
    [InlineData("&#;")]
    [InlineData("&#x;")]
    [InlineData("&#xD800;")] // a surrogate is not a character
    [InlineData("&#x110000;")] // beyond Unicode
    [InlineData("&#99999999;")]
    [InlineData("&#12a;")]
    [InlineData("&#xG1;")]
    [InlineData("&amp")] // no semicolon
    [InlineData("& more")]
    [InlineData("&")]
    [InlineData("&#00000000065;")] // longer than any reference FreeSWITCH writes
    [InlineData("&LT;")] // entity names are case-sensitive
    public void Anything_else_stays_literal(string text) =>
        Assert.Equal(Encoding.UTF8.GetBytes(text), Unescape(text));

    [Fact]
    public void Output_is_never_longer_than_the_input()
    {
        var random = new Random(20261120);
        string[] parts = ["&", "#", "x", "X", ";", "lt", "amp", "1", "F", "0", "10FFFF", "D800", "é", "a"];
        for (int i = 0; i < 5000; i++)
        {
            string text = string.Concat(Enumerable.Range(0, random.Next(12)).Select(_ => parts[random.Next(parts.Length)]));
            byte[] source = Encoding.UTF8.GetBytes(text);
            byte[] destination = new byte[source.Length];
            Assert.InRange(EslXmlText.Unescape(source, destination), 0, source.Length);
        }
    }

    [Fact]
    public void Element_content_is_found_by_name()
    {
        byte[] xml = "<headers>\n    <Event-Name>CUSTOM</Event-Name>\n    <event-name>second</event-name>\n    <Empty></Empty>\n  </headers>"u8.ToArray();
        Assert.True(EslXmlText.IndexOfElement(xml, "event-NAME"u8, 0, out var content) >= 0);
        Assert.Equal("CUSTOM", Encoding.ASCII.GetString(content));
        Assert.True(EslXmlText.IndexOfElement(xml, "Empty"u8, 0, out content) >= 0);
        Assert.True(content.IsEmpty);
        Assert.Equal(-1, EslXmlText.IndexOfElement(xml, "Event"u8, 0, out _));
        Assert.Equal(-1, EslXmlText.IndexOfElement(xml, "Missing"u8, 0, out _));
    }

    private static byte[] Unescape(string text)
    {
        byte[] source = Encoding.UTF8.GetBytes(text);
        byte[] destination = new byte[source.Length];
        int n = EslXmlText.Unescape(source, destination);
        return destination.AsSpan(0, n).ToArray();
    }
}

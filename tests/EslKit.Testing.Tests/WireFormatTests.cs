using System.Text;
using EslKit.Protocol;
using EslKit.Testing.Internal;

namespace EslKit.Testing.Tests;

/// <summary>FreeSWITCH's encoders, checked against the rules of its C source (switch_utils.c, cJSON, switch_xml.c).</summary>
public sealed class WireFormatTests
{
    [Theory]
    [InlineData("a b%c", "a%20b%25c")]
    [InlineData("command/reply", "command/reply")] // '/' is safe
    [InlineData("-_.!~*'(),$", "-_.!~*'(),$")]
    [InlineData("\r\n #%&+:;<=>?@[\\]^`{|}\"", "%0D%0A%20%23%25%26%2B%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E%60%7B%7C%7D%22")]
    [InlineData("\t\u007f", "%09%7F")]
    [InlineData("café ☎", "caf%C3%A9%20%E2%98%8E")] // UTF-8 byte by byte, uppercase hex
    [InlineData("100%41", "100%41")] // an existing uppercase %XX is kept (master's double_encode off)
    [InlineData("%4f", "%254f")] // lowercase hex is not an escape to FreeSWITCH
    [InlineData("ends with %4", "ends%20with%20%254")]
    [InlineData("ARRAY::a|:b", "ARRAY%3A%3Aa%7C%3Ab")]
    public void Url_encoding_is_switch_url_encode(string value, string expected)
    {
        var output = new ByteBuffer();
        FsUrl.Encode(Encoding.UTF8.GetBytes(value), output);
        Assert.Equal(expected, Encoding.ASCII.GetString(output.Span));
    }

    [Fact]
    public void Url_encoding_stops_when_freeswitch_s_buffer_is_full()
    {
        // A 7-byte buffer holds 6 characters: "%20%20" fits, the third escape does not.
        var output = new ByteBuffer();
        FsUrl.Encode("   x"u8, 7, output);
        Assert.Equal("%20%20", Encoding.ASCII.GetString(output.Span));
    }

    [Fact]
    public void Json_strings_are_escaped_as_cjson_does()
    {
        var output = new ByteBuffer();
        CJson.AppendString(Encoding.UTF8.GetBytes("q\"b\\s/\b\f\n\r\t\u0001\u007fé"), output);
        Assert.Equal("\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\u007fé\"", Encoding.UTF8.GetString(output.Span));
    }

    [Fact]
    public void Plain_json_and_xml_of_one_event()
    {
        var ev = new EslEmulatorEvent("CUSTOM", "lab::x")
            .AddHeader("Event-Name", "CUSTOM")
            .AddHeader("Event-Subclass", "lab::x")
            .AddArrayHeader("X-Arr", "a", "b")
            .AddArrayHeader("X-One", "only")
            .AddHeader("X-Empty", string.Empty)
            .SetBody("café <b>&\r\n");

        Assert.Equal(
            "Event-Subclass: lab%3A%3Ax\nEvent-Name: CUSTOM\nX-Arr: ARRAY%3A%3Aa%7C%3Ab\nX-One: only\nContent-Length: 12\n\ncafé <b>&\r\n",
            Encoding.UTF8.GetString(ev.Serialize(EslEventFormat.Plain)));
        Assert.Equal(
            "{\"Event-Subclass\":\"lab::x\",\"Event-Name\":\"CUSTOM\",\"X-Arr\":[\"a\",\"b\"],\"X-One\":[\"only\"],\"Content-Length\":\"12\",\"_body\":\"café <b>&\\r\\n\"}",
            Encoding.UTF8.GetString(ev.Serialize(EslEventFormat.Json)));
        Assert.Equal(
            "<event>\n  <headers>\n    <Event-Subclass>lab%3A%3Ax</Event-Subclass>\n    <Event-Name>CUSTOM</Event-Name>\n" +
            "    <X-Arr>a</X-Arr>\n    <X-Arr>b</X-Arr>\n    <X-One>only</X-One>\n  </headers>\n" +
            "  <Content-Length>12</Content-Length>\n  <body>caf&#xE9; &lt;b&gt;&amp;&#xD;\n  </body>\n</event>\n",
            Encoding.UTF8.GetString(ev.Serialize(EslEventFormat.Xml)));
    }

    [Fact]
    public void Xml_copies_text_after_a_comment_opener_as_it_is_and_drops_broken_utf8()
    {
        var output = new ByteBuffer();
        FsXml.AppendText([(byte)'a', 0xE9, (byte)'b', (byte)'<', (byte)'!', (byte)'&', 0xC3, 0xA9], output);
        Assert.Equal(new byte[] { (byte)'a', (byte)'<', (byte)'!', (byte)'&', 0xC3, 0xA9 }, output.ToArray());
    }

    [Fact]
    public void Events_without_body_or_headers()
    {
        var ev = new EslEmulatorEvent("HEARTBEAT");
        Assert.Equal("\n", Encoding.UTF8.GetString(ev.Serialize(EslEventFormat.Plain)));
        Assert.Equal("{}", Encoding.UTF8.GetString(ev.Serialize(EslEventFormat.Json)));
        Assert.Equal("<event>\n  <headers></headers>\n</event>\n", Encoding.UTF8.GetString(ev.Serialize(EslEventFormat.Xml)));

        // An empty (not absent) body only shows in json.
        ev.SetBody(string.Empty);
        Assert.Equal("{\"Content-Length\":\"0\",\"_body\":\"\"}", Encoding.UTF8.GetString(ev.Serialize(EslEventFormat.Json)));
        Assert.Equal("\n", Encoding.UTF8.GetString(ev.Serialize(EslEventFormat.Plain)));
        Assert.Equal("Content-Length: 1\nContent-Type: text/event-plain\n\n\n", Encoding.UTF8.GetString(ev.ToFrame()));
    }

    [Fact]
    public void Delivery_follows_switch_event_dup()
    {
        // An empty value deletes every header of that name; ARRAY:: values become arrays; the subclass goes first.
        var ev = new EslEmulatorEvent("CUSTOM", "s::t")
            .AddHeader("A", "1")
            .AddHeader("Event-Subclass", "s::t")
            .AddHeader("A", string.Empty)
            .AddHeader("V", "ARRAY::x|:y");
        Assert.Equal("{\"Event-Subclass\":\"s::t\",\"V\":[\"x\",\"y\"]}", Encoding.UTF8.GetString(ev.Serialize(EslEventFormat.Json)));
    }

    [Fact]
    public void Read_packet_splits_like_freeswitch()
    {
        var parser = new FsPacketParser();
        byte[] bytes = Encoding.UTF8.GetBytes("\r\n\nsendevent CUSTOM\r\nA:  two spaces\r\nB:\ttab\r\nno colon\r\ncontent-length: 3\r\n\r\nxyzapi status\n\n");
        int used = parser.Feed(bytes, out var first);
        Assert.NotNull(first);
        Assert.Equal("sendevent CUSTOM", FsPacket.StripCr(first.CommandBuffer));
        Assert.Equal(["A", "B", "content-length"], first.Headers.Select(h => h.Key));
        Assert.Equal("two spaces", first.Get("a"));
        Assert.Equal("\ttab", first.Get("B"));
        Assert.Equal("xyz", Encoding.UTF8.GetString(first.Body!));
        Assert.True(parser.IsIdle);

        used += parser.Feed(bytes.AsSpan(used), out var second);
        Assert.Equal("api status", FsPacket.StripCr(second!.CommandBuffer));
        Assert.Equal(bytes.Length, used);
    }

    [Fact]
    public void Read_packet_ends_at_two_lfs_with_only_crs_between()
    {
        var parser = new FsPacketParser();
        Assert.Equal(7, parser.Feed("exit\n\r\nmore"u8, out var packet));
        Assert.Equal("exit\n", FsPacket.StripCr(packet!.CommandBuffer)); // cut at the CR, not the LF before it
    }

    [Fact]
    public void Read_packet_reads_a_body_for_every_content_length()
    {
        var parser = new FsPacketParser();
        parser.Feed("x\nContent-Length: 2\ncontent-length: 1\n\nabc"u8, out var packet);
        Assert.NotNull(packet);
        Assert.Equal("c", Encoding.UTF8.GetString(packet.Body!)); // the last body read wins
    }

    [Fact]
    public void A_cr_later_in_the_packet_cuts_the_command_line_there()
    {
        // strip_cr looks for a CR anywhere before an LF: a packet mixing LF and CRLF loses its first line end.
        var parser = new FsPacketParser();
        parser.Feed("api status\nX: y\r\n\n"u8, out var packet);
        Assert.Equal("api status\nX: y", FsPacket.StripCr(packet!.CommandBuffer));
        Assert.Empty(packet.Headers);
    }
}

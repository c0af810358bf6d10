using System.Text;
using EslKit.Protocol;
using EslKit.Tests.Support;

namespace EslKit.Tests.Protocol;

/// <summary>
/// text/event-xml events synthesised exactly as switch_event_xmlize and switch_xml_toxml write them (no
/// capture has one), read in place and materialised.
/// </summary>
public sealed class XmlEventTests
{
    private static readonly EventHeader[] Headers =
    [
        new("Event-Name", "CUSTOM"),
        new("Core-UUID", "55f279c5-4148-43ec-904d-3e04999e457a"),
        new("Event-Subclass", "lab::encoding"),
        new("Unique-ID", "0346bc88-7af5-4981-a1d4-eb94b89fa0b0"),
        new("Lab-Text", "naïve ümläut ☃ 50% off & more=yes <tag> \"dq\" 'q'"),
        new("Lab-Controls", "tab\there\r\nnew line"),
        new("Lab-Percent", "100%41 %"),
        new("variable_DP_MATCH", ["60123456789", "60123456789"]),
        new("Event-Sequence", "4596"),
    ];

    [Fact]
    public void The_writer_matches_the_layout_freeswitch_prints()
    {
        byte[] xml = EslWire.XmlEvent([new("Event-Name", "CUSTOM"), new("Lab-Text", "a b&c"), new("Items", ["x", "y"])], "foo & é\n");
        Assert.Equal(
            "<event>\n" +
            "  <headers>\n" +
            "    <Event-Name>CUSTOM</Event-Name>\n" +
            "    <Lab-Text>a%20b%26c</Lab-Text>\n" +
            "    <Items>x</Items>\n" +
            "    <Items>y</Items>\n" +
            "  </headers>\n" +
            "  <Content-Length>9</Content-Length>\n" +
            "  <body>foo &amp; &#xE9;\n" +
            "  </body>\n" +
            "</event>\n",
            Encoding.UTF8.GetString(xml));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("hello")]
    [InlineData("first line\nsecond: line with % and café\n")] // the closing tag gets indented
    [InlineData("a < b && c > d\r\nCRLF kept\n\nUnique-ID: not-a-header\n")]
    [InlineData("emoji 😀 and ☎ as references")]
    public void Headers_and_body_read_back_exactly(string? body)
    {
        byte[] frame = EslWire.EventFrame(EslEventFormat.Xml, EslWire.XmlEvent(Headers, body));
        var owned = FrameReading.First(frame, f =>
        {
            Assert.Equal(EslContentType.EventXml, f.ContentType);
            Assert.True(f.IsEvent);
            Assert.True(f.TryGetEvent(out var view));
            Assert.Equal(EslEventFormat.Xml, view.Format);
            Assert.Equal(EslEventName.Custom, view.Name);
            Assert.Equal("CUSTOM", Encoding.ASCII.GetString(view.RawName));

            // Every header through the view: XML-unescaped, then URL-decoded (arrays: the first item).
            byte[] buffer = new byte[512];
            foreach (var header in Headers)
            {
                Assert.True(view.TryGetValue(Encoding.ASCII.GetBytes(header.Name), buffer, out int n), header.Name);
                Assert.Equal(header.Values[0], Encoding.UTF8.GetString(buffer, 0, n));
            }

            Assert.True(view.TryGetUniqueId(out var id));
            Assert.Equal(Guid.Parse("0346bc88-7af5-4981-a1d4-eb94b89fa0b0"), id);
            Assert.False(view.TryGetRawValue("Not-There"u8, out _));
            Assert.Equal(Encoding.UTF8.GetBytes(body ?? string.Empty), EslEventViewTests.DecodedBody(view));
            return f.ToMessage().Event!;
        });

        Assert.Equal(EslEventFormat.Xml, owned.Format);
        Assert.Equal(EslEventName.Custom, owned.Name);
        Assert.Equal("lab::encoding", owned.Subclass);
        Assert.Equal(Guid.Parse("0346bc88-7af5-4981-a1d4-eb94b89fa0b0"), owned.UniqueId);
        // <Content-Length> is a sibling of <headers>, not a header (FreeSWITCH's esl.c reads it the same way).
        Assert.Equal(Headers.Select(h => new KeyValuePair<string, string>(h.Name, h.PlainValue)), owned.Headers);
        Assert.Equal(["60123456789", "60123456789"], owned.GetArray("variable_DP_MATCH"));
        Assert.Equal(body ?? string.Empty, owned.BodyText);
        Assert.Null(owned["body"]); // the body element is not a header
    }

    [Fact]
    public void Xml_plain_and_json_forms_of_one_event_agree()
    {
        const string Body = "+OK cf06dc3b-a6a2-480c-8549-a558a55a773f\n";
        var xml = EslEvent.Parse(EslEventFormat.Xml, EslWire.XmlEvent(Headers, Body));
        var plain = EslEvent.Parse(EslEventFormat.Plain, EslWire.PlainEvent(Headers, Encoding.UTF8.GetBytes(Body)));
        var json = EslEvent.Parse(EslEventFormat.Json, EslWire.JsonEvent(Headers, Body));

        // Plain and json carry the body's Content-Length as a header; xml as a sibling element of <headers>.
        Assert.Equal("41", plain["Content-Length"]);
        Assert.Equal(plain.Headers, json.Headers);
        Assert.Equal(plain.Headers.Where(h => h.Key != "Content-Length"), xml.Headers);
        Assert.Equal(plain.Body.ToArray(), xml.Body.ToArray());
        Assert.Equal(plain.Body.ToArray(), json.Body.ToArray());
    }

    [Fact]
    public void Event_without_a_body_has_no_content_length()
    {
        var owned = EslEvent.Parse(EslEventFormat.Xml, EslWire.XmlEvent(Headers, string.Empty));
        Assert.Null(owned["Content-Length"]);
        Assert.True(owned.Body.IsEmpty);
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EslKit.Protocol;

namespace EslKit.Tests.Support;

/// <summary>
/// Writes ESL bytes the way FreeSWITCH does (mod_event_socket.c, switch_event.c, switch_utils.c), so tests
/// can build frames and events that are faithful to the wire without copying any fixture.
/// </summary>
public static class EslWire
{
    // SWITCH_URL_UNSAFE in switch_utils.h.
    private const string UrlUnsafe = "\r\n #%&+:;<=>?@[\\]^`{|}\"";

    /// <summary>
    /// A frame: <c>Name: value</c> lines in order, then <c>Content-Length</c> when there is a body, a blank line
    /// and the body. Names and values are written as they are.
    /// </summary>
    public static byte[] Frame(IEnumerable<(byte[] Name, byte[] Value)> headers, byte[]? body, bool contentLengthFirst = false)
    {
        var bytes = new List<byte>();
        if (body is not null && contentLengthFirst)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\n"));
        }

        foreach (var (name, value) in headers)
        {
            bytes.AddRange(name);
            bytes.AddRange(": "u8.ToArray());
            bytes.AddRange(value);
            bytes.Add((byte)'\n');
        }

        if (body is not null && !contentLengthFirst)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\n"));
        }

        bytes.Add((byte)'\n');
        if (body is not null)
        {
            bytes.AddRange(body);
        }

        return [.. bytes];
    }

    /// <summary>A frame from text headers (UTF-8) and an optional body.</summary>
    public static byte[] Frame(IEnumerable<(string Name, string Value)> headers, byte[]? body = null) =>
        Frame(headers.Select(h => (Encoding.UTF8.GetBytes(h.Name), Encoding.UTF8.GetBytes(h.Value))), body);

    /// <summary>How mod_event_socket wraps a serialised event: its own Content-Length, then Content-Type.</summary>
    public static byte[] EventFrame(EslEventFormat format, byte[] serialisedEvent)
    {
        string type = format switch
        {
            EslEventFormat.Plain => "text/event-plain",
            EslEventFormat.Json => "text/event-json",
            _ => "text/event-xml",
        };
        return [.. Encoding.ASCII.GetBytes($"Content-Length: {serialisedEvent.Length}\nContent-Type: {type}\n\n"), .. serialisedEvent];
    }

    /// <summary>
    /// switch_url_encode as older FreeSWITCH releases write it: every unsafe byte, every byte below 0x20 and
    /// above 0x7E as <c>%XX</c> in upper case, '%' included (current master leaves an existing upper-case
    /// <c>%XX</c> alone, which no client can undo; tests that need a round trip use this form).
    /// </summary>
    public static byte[] UrlEncode(ReadOnlySpan<byte> value)
    {
        var output = new List<byte>(value.Length * 3);
        foreach (byte b in value)
        {
            if (b < 0x20 || b > 0x7E || UrlUnsafe.Contains((char)b, StringComparison.Ordinal))
            {
                output.Add((byte)'%');
                output.Add((byte)"0123456789ABCDEF"[b >> 4]);
                output.Add((byte)"0123456789ABCDEF"[b & 0xF]);
            }
            else
            {
                output.Add(b);
            }
        }

        return [.. output];
    }

    public static string UrlEncode(string value) => Encoding.ASCII.GetString(UrlEncode(Encoding.UTF8.GetBytes(value)));

    /// <summary>
    /// switch_event_serialize: <c>Name: url-encoded value</c> lines (arrays as <c>ARRAY::a|:b</c>, one item
    /// as a scalar), then <c>Content-Length</c> and the raw body, or one more LF without a body.
    /// </summary>
    public static byte[] PlainEvent(IEnumerable<EventHeader> headers, byte[]? body)
    {
        var bytes = new List<byte>();
        foreach (var header in headers)
        {
            byte[] encoded = UrlEncode(Encoding.UTF8.GetBytes(header.PlainValue));
            bytes.AddRange(Encoding.UTF8.GetBytes(header.Name));
            bytes.AddRange(": "u8.ToArray());
            bytes.AddRange(encoded.Length == 0 ? "_undef_"u8.ToArray() : encoded);
            bytes.Add((byte)'\n');
        }

        if (body is { Length: > 0 })
        {
            bytes.AddRange(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\n\n"));
            bytes.AddRange(body);
        }
        else
        {
            bytes.Add((byte)'\n');
        }

        return [.. bytes];
    }

    /// <summary>
    /// switch_event_serialize_json: one flat object, arrays as JSON arrays of strings, then
    /// <c>"Content-Length":"n"</c> and <c>"_body"</c> when there is a body; written here with System.Text.Json.
    /// </summary>
    public static byte[] JsonEvent(IEnumerable<EventHeader> headers, string? body, bool relaxedEscaping = false)
    {
        var output = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions { Encoder = relaxedEscaping ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : JavaScriptEncoder.Default };
        using (var writer = new Utf8JsonWriter(output, options))
        {
            writer.WriteStartObject();
            foreach (var header in headers)
            {
                if (header.IsArray)
                {
                    writer.WriteStartArray(header.Name);
                    foreach (string item in header.Values)
                    {
                        writer.WriteStringValue(item);
                    }

                    writer.WriteEndArray();
                }
                else
                {
                    writer.WriteString(header.Name, header.Values[0]);
                }
            }

            if (body is not null)
            {
                writer.WriteString("Content-Length", Encoding.UTF8.GetByteCount(body).ToString(CultureInfo.InvariantCulture));
                writer.WriteString("_body", body);
            }

            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// switch_event_xmlize printed by switch_xml_toxml: <c>&lt;event&gt;</c>, two-space indentation, one element per
    /// header (one per item for arrays) holding the url-encoded value XML-escaped, then <c>&lt;Content-Length&gt;</c>
    /// and <c>&lt;body&gt;</c> for a non-empty body (the body's closing tag indented when it ends in LF), and a final LF.
    /// </summary>
    public static byte[] XmlEvent(IEnumerable<EventHeader> headers, string? body)
    {
        var xml = new StringBuilder("<event>\n  <headers>\n");
        foreach (var header in headers)
        {
            foreach (string item in header.Values)
            {
                string encoded = UrlEncode(item);
                xml.Append("    <").Append(header.Name).Append('>').Append(XmlText(encoded)).Append("</").Append(header.Name).Append(">\n");
            }
        }

        xml.Append("  </headers>\n");
        if (!string.IsNullOrEmpty(body))
        {
            xml.Append("  <Content-Length>").Append(Encoding.UTF8.GetByteCount(body).ToString(CultureInfo.InvariantCulture)).Append("</Content-Length>\n");
            xml.Append("  <body>").Append(XmlText(body));
            if (body.EndsWith('\n'))
            {
                xml.Append("  ");
            }

            xml.Append("</body>\n");
        }

        xml.Append("</event>\n");
        return Encoding.UTF8.GetBytes(xml.ToString());
    }

    /// <summary>
    /// switch_xml_ampencode for element text: <c>&amp;amp; &amp;lt; &amp;gt;</c>, CR as <c>&amp;#xD;</c>, every
    /// non-ASCII character as an upper-case hex reference (x86 builds); quotes, LF and TAB stay raw.
    /// </summary>
    public static string XmlText(string text)
    {
        var output = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '&': output.Append("&amp;"); break;
                case '<': output.Append("&lt;"); break;
                case '>': output.Append("&gt;"); break;
                case '\r': output.Append("&#xD;"); break;
                case >= 0x80: output.Append("&#x").Append(rune.Value.ToString("X", CultureInfo.InvariantCulture)).Append(';'); break;
                default: output.Append(rune.ToString()); break;
            }
        }

        return output.ToString();
    }
}

/// <summary>One header of a generated event: a scalar (one value) or an array (two or more items).</summary>
public sealed record EventHeader(string Name, string[] Values)
{
    public EventHeader(string name, string value)
        : this(name, [value])
    {
    }

    public bool IsArray => Values.Length > 1;

    /// <summary>FreeSWITCH's string form: the value, or <c>ARRAY::a|:b</c>.</summary>
    public string PlainValue => IsArray ? "ARRAY::" + string.Join("|:", Values) : Values[0];

    public override string ToString() => $"{Name}=[{string.Join(", ", Values)}]";
}

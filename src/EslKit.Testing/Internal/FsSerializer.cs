using System.Buffers;
using System.Text;
using EslKit.Protocol;

namespace EslKit.Testing.Internal;

/// <summary>
/// <c>switch_event_serialize</c>, <c>switch_event_serialize_json</c> and <c>switch_event_xmlize</c> +
/// <c>switch_xml_toxml</c>, and mod_event_socket's outer framing around them.
/// </summary>
internal static class FsSerializer
{
    private const int InitialEncodeBuffer = 1536;

    /// <summary>The bytes mod_event_socket writes for one event: outer Content-Length/Content-Type and the body.</summary>
    public static byte[] Frame(FsEvent ev, EslEventFormat format)
    {
        var inner = new ByteBuffer(2048);
        Serialize(ev, format, inner);
        var frame = new ByteBuffer(inner.Length + 64);
        frame.Append("Content-Length: "u8);
        frame.AppendNumber(inner.Length);
        frame.Append(format switch
        {
            EslEventFormat.Json => "\nContent-Type: text/event-json\n\n"u8,
            EslEventFormat.Xml => "\nContent-Type: text/event-xml\n\n"u8,
            _ => "\nContent-Type: text/event-plain\n\n"u8,
        });
        frame.Append(inner.Span);
        return frame.ToArray();
    }

    public static void Serialize(FsEvent ev, EslEventFormat format, ByteBuffer output)
    {
        switch (format)
        {
            case EslEventFormat.Json: Json(ev, output); break;
            case EslEventFormat.Xml: Xml(ev, output); break;
            default: Plain(ev, output); break;
        }
    }

    /// <summary><c>switch_event_serialize(event, &amp;str, SWITCH_TRUE)</c>.</summary>
    public static void Plain(FsEvent ev, ByteBuffer output)
    {
        // The encode buffer starts at 1536 bytes and only grows, to the largest 3*len+1 seen so far.
        int encodeLength = InitialEncodeBuffer;
        byte[] scratch = ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            foreach (var header in ev.Headers)
            {
                int needed;
                if (header.Items is { } items)
                {
                    needed = 0;
                    foreach (string item in items)
                    {
                        needed += (Encoding.UTF8.GetByteCount(item) * 3) + 1;
                    }
                }
                else
                {
                    needed = (Encoding.UTF8.GetByteCount(header.Value) * 3) + 1;
                }

                encodeLength = Math.Max(encodeLength, needed);
                output.AppendUtf8(header.Name);
                output.Append(": "u8);
                int start = output.Length;
                FsUrl.Encode(Utf8(header.Value, ref scratch), encodeLength, output);
                if (output.Length == start)
                {
                    output.Append("_undef_"u8);
                }

                output.Append((byte)'\n');
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        if (ev.Body is { Length: > 0 } body)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            output.Append("Content-Length: "u8);
            output.AppendNumber(bytes.Length);
            output.Append("\n\n"u8);
            output.Append(bytes);
        }
        else
        {
            output.Append((byte)'\n');
        }
    }

    /// <summary>A string's UTF-8 bytes in a pooled scratch buffer (grown when needed).</summary>
    private static ReadOnlySpan<byte> Utf8(string value, ref byte[] scratch)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max > scratch.Length)
        {
            ArrayPool<byte>.Shared.Return(scratch);
            scratch = ArrayPool<byte>.Shared.Rent(max);
        }

        return scratch.AsSpan(0, Encoding.UTF8.GetBytes(value, scratch));
    }

    /// <summary><c>switch_event_serialize_json</c>: cJSON_PrintUnformatted of a flat object.</summary>
    public static void Json(FsEvent ev, ByteBuffer output)
    {
        output.Append((byte)'{');
        bool first = true;
        foreach (var header in ev.Headers)
        {
            Member(header.Name, ref first, output);
            if (header.Items is { } items)
            {
                output.Append((byte)'[');
                for (int i = 0; i < items.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Append((byte)',');
                    }

                    CJson.AppendString(Encoding.UTF8.GetBytes(items[i]), output);
                }

                output.Append((byte)']');
            }
            else
            {
                CJson.AppendString(Encoding.UTF8.GetBytes(header.Value), output);
            }
        }

        if (ev.Body is { } body)
        {
            // Present even when empty: only body != NULL is tested here.
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            Member("Content-Length", ref first, output);
            CJson.AppendString(Encoding.ASCII.GetBytes(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), output);
            Member("_body", ref first, output);
            CJson.AppendString(bytes, output);
        }

        output.Append((byte)'}');
    }

    /// <summary><c>switch_event_xmlize(event, SWITCH_VA_NONE)</c> printed by <c>switch_xml_toxml(xml, SWITCH_FALSE)</c>.</summary>
    public static void Xml(FsEvent ev, ByteBuffer output)
    {
        output.Append("<event>\n  <headers>"u8);
        bool any = false;
        foreach (var header in ev.Headers)
        {
            if (header.Items is { } items)
            {
                foreach (string item in items)
                {
                    XmlHeader(header.Name, item, 4, ref any, output);
                }
            }
            else
            {
                XmlHeader(header.Name, header.Value, 4, ref any, output);
            }
        }

        // A close tag is indented only when the output so far ends in a newline.
        output.Append(any ? "  </headers>\n"u8 : "</headers>\n"u8);
        if (ev.Body is { Length: > 0 } body)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            bool dummy = true;
            XmlHeader("Content-Length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), 2, ref dummy, output);
            output.Append("  <body>"u8);
            int start = output.Length;
            FsXml.AppendText(bytes, output);
            if (output.Length > start && output.Span[^1] == (byte)'\n')
            {
                output.Append("  "u8);
            }

            output.Append("</body>\n"u8);
        }

        output.Append("</event>\n"u8);
    }

    private static void XmlHeader(string name, string value, int indent, ref bool any, ByteBuffer output)
    {
        if (!any)
        {
            output.Append((byte)'\n'); // the previous output ends in '>'
            any = true;
        }

        for (int i = 0; i < indent; i++)
        {
            output.Append((byte)' ');
        }

        output.Append((byte)'<');
        output.AppendUtf8(name);
        output.Append((byte)'>');

        // add_xml_header: the value is URL-encoded first, so ampencode has nothing left to escape.
        var encoded = new ByteBuffer(value.Length * 3 + 8);
        FsUrl.Encode(Encoding.UTF8.GetBytes(value), encoded);
        FsXml.AppendText(encoded.Span, output);
        output.Append("</"u8);
        output.AppendUtf8(name);
        output.Append(">\n"u8);
    }

    private static void Member(string name, ref bool first, ByteBuffer output)
    {
        if (!first)
        {
            output.Append((byte)',');
        }

        first = false;
        CJson.AppendString(Encoding.UTF8.GetBytes(name), output);
        output.Append((byte)':');
    }
}

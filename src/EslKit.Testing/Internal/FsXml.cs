namespace EslKit.Testing.Internal;

/// <summary>
/// The text escaping of FreeSWITCH's <c>switch_xml_ampencode</c> for element content (attribute mode is
/// never used for events), as compiled on x86 where <c>char</c> is signed.
/// </summary>
internal static class FsXml
{
    /// <summary>Appends <paramref name="text"/> escaped as element content.</summary>
    /// <remarks>
    /// <c>&amp; &lt; &gt;</c> and CR become entities; <c>"</c>, LF and TAB stay raw; from a <c>&lt;!</c> on
    /// everything is copied as it is; multi-byte UTF-8 becomes <c>&amp;#xHEX;</c> and a malformed sequence
    /// loses the offending byte, as FreeSWITCH does.
    /// </remarks>
    public static void AppendText(ReadOnlySpan<byte> text, ByteBuffer output)
    {
        bool immune = false;
        int expecting = 0;
        int unicode = 0;
        for (int i = 0; i < text.Length; i++)
        {
            byte b = text[i];
            if (b == 0)
            {
                return;
            }

            if (immune)
            {
                output.Append(b);
                continue;
            }

            switch (b)
            {
                case (byte)'&': output.Append("&amp;"u8); break;
                case (byte)'<':
                    if (i + 1 < text.Length && text[i + 1] == (byte)'!')
                    {
                        output.Append(b);
                        immune = true;
                        break;
                    }

                    output.Append("&lt;"u8);
                    break;
                case (byte)'>': output.Append("&gt;"u8); break;
                case (byte)'"': output.Append(b); break;
                case (byte)'\n': output.Append(b); break;
                case (byte)'\t': output.Append(b); break;
                case (byte)'\r': output.Append("&#xD;"u8); break;
                default:
                    if (expecting == 0 && b >= 0x80)
                    {
                        // Count the leading one bits after the first, as the C loop does (at most 4).
                        int num = 1;
                        for (; num < 4; num++)
                        {
                            if (((b >> (7 - num)) & 1) == 0)
                            {
                                break;
                            }
                        }

                        switch (num)
                        {
                            case 2: unicode = b & 0x1F; break;
                            case 3: unicode = b & 0x0F; break;
                            case 4: unicode = b & 0x07; break;
                            default: break; // "Invalid UTF-8 Initial charactere": the byte is dropped
                        }

                        expecting = num - 1;
                    }
                    else if (expecting > 0)
                    {
                        if ((b >> 6) == 0x2)
                        {
                            unicode = (unicode << 6) | (b & 0x3F);
                        }
                        else
                        {
                            expecting = 0; // "Invalid UTF-8 character to ampersand": the byte is dropped
                            break;
                        }

                        expecting--;
                        if (expecting == 0)
                        {
                            output.Append("&#x"u8);
                            output.AppendUtf8(unicode.ToString("X", System.Globalization.CultureInfo.InvariantCulture));
                            output.Append((byte)';');
                        }
                    }
                    else
                    {
                        output.Append(b);
                    }

                    break;
            }
        }
    }
}

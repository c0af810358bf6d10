using System.Text;

namespace EslKit.Protocol;

/// <summary>Span-level helpers for the XML FreeSWITCH writes for <c>text/event-xml</c>. Never throw.</summary>
internal static class EslXmlText
{
    /// <summary>The content between <c>&lt;name&gt;</c> and its closing tag, searching from <paramref name="from"/>; -1 when absent.</summary>
    public static int IndexOfElement(ReadOnlySpan<byte> xml, ReadOnlySpan<byte> name, int from, out ReadOnlySpan<byte> content)
    {
        content = default;
        int p = EslByteSearch.IndexOfXmlTag(xml, name, from);
        if (p < 0)
        {
            return -1;
        }

        int start = p + name.Length + 2;
        int close = xml[start..].IndexOf((byte)'<');
        content = close < 0 ? xml[start..] : xml.Slice(start, close);
        return p;
    }

    /// <summary>Decodes XML character references and the five named entities. The output is never longer than the input.</summary>
    public static int Unescape(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int written = 0;
        int i = 0;
        while (i < source.Length)
        {
            int amp = source[i..].IndexOf((byte)'&');
            if (amp < 0)
            {
                source[i..].CopyTo(destination[written..]);
                return written + source.Length - i;
            }

            source.Slice(i, amp).CopyTo(destination[written..]);
            written += amp;
            i += amp;
            int semi = source.Slice(i, Math.Min(12, source.Length - i)).IndexOf((byte)';');
            if (semi > 1 && TryEntity(source.Slice(i + 1, semi - 1), out int scalar))
            {
                written += new Rune(scalar).EncodeToUtf8(destination[written..]);
                i += semi + 1;
            }
            else
            {
                destination[written++] = (byte)'&';
                i++;
            }
        }

        return written;
    }

    private static bool TryEntity(ReadOnlySpan<byte> entity, out int scalar)
    {
        scalar = 0;
        if (entity.SequenceEqual("lt"u8)) { scalar = '<'; return true; }
        if (entity.SequenceEqual("gt"u8)) { scalar = '>'; return true; }
        if (entity.SequenceEqual("amp"u8)) { scalar = '&'; return true; }
        if (entity.SequenceEqual("quot"u8)) { scalar = '"'; return true; }
        if (entity.SequenceEqual("apos"u8)) { scalar = '\''; return true; }
        if (entity.Length < 2 || entity[0] != (byte)'#')
        {
            return false;
        }

        bool hex = entity[1] is (byte)'x' or (byte)'X';
        var digits = entity[(hex ? 2 : 1)..];
        if (digits.IsEmpty)
        {
            return false;
        }

        int value = 0;
        foreach (byte b in digits)
        {
            int d = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' when hex => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' when hex => b - 'A' + 10,
                _ => -1,
            };
            if (d < 0)
            {
                return false;
            }

            value = (value * (hex ? 16 : 10)) + d;
            if (value > 0x10FFFF)
            {
                return false;
            }
        }

        if (!Rune.IsValid(value))
        {
            return false;
        }

        scalar = value;
        return true;
    }
}

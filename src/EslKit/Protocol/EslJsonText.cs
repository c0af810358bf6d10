using System.Buffers;
using System.Text;

namespace EslKit.Protocol;

/// <summary>Small span-level helpers for the flat JSON objects FreeSWITCH writes for events. Never throw.</summary>
internal static class EslJsonText
{
    private static readonly SearchValues<byte> TokenEnd = SearchValues.Create(",}] \t\r\n"u8);

    /// <summary>
    /// Reads the value of the member whose opening quote is at <paramref name="memberQuote"/>: for a
    /// string its content (still escaped), otherwise the raw token (arrays include their brackets).
    /// </summary>
    public static bool TryReadValue(ReadOnlySpan<byte> json, int memberQuote, int nameLength, out ReadOnlySpan<byte> value, out bool isString)
    {
        value = default;
        isString = false;
        int p = memberQuote + nameLength + 3; // past "name":
        while (p < json.Length && IsWhitespace(json[p]))
        {
            p++;
        }

        if (p >= json.Length)
        {
            return false;
        }

        if (json[p] == (byte)'"')
        {
            int end = EslByteSearch.EndOfJsonString(json, p);
            if (end < 0)
            {
                return false;
            }

            value = json[(p + 1)..(end - 1)];
            isString = true;
            return true;
        }

        if (json[p] == (byte)'[')
        {
            int q = p + 1;
            while (q < json.Length)
            {
                int i = json[q..].IndexOfAny((byte)'"', (byte)']');
                if (i < 0)
                {
                    return false;
                }

                q += i;
                if (json[q] == (byte)']')
                {
                    value = json[p..(q + 1)];
                    return true;
                }

                q = EslByteSearch.EndOfJsonString(json, q);
                if (q < 0)
                {
                    return false;
                }
            }

            return false;
        }

        int stop = json[p..].IndexOfAny(TokenEnd);
        value = stop < 0 ? json[p..] : json.Slice(p, stop);
        return true;
    }

    /// <summary>Unescapes JSON string content into UTF-8. The output is never longer than the input; invalid escapes are copied as they are.</summary>
    public static int Unescape(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int written = 0;
        int i = 0;
        while (i < source.Length)
        {
            int slash = source[i..].IndexOf((byte)'\\');
            if (slash < 0)
            {
                source[i..].CopyTo(destination[written..]);
                return written + source.Length - i;
            }

            source.Slice(i, slash).CopyTo(destination[written..]);
            written += slash;
            i += slash;
            if (i + 1 >= source.Length)
            {
                destination[written++] = (byte)'\\';
                return written;
            }

            byte c = source[i + 1];
            byte simple = c switch
            {
                (byte)'"' => (byte)'"',
                (byte)'\\' => (byte)'\\',
                (byte)'/' => (byte)'/',
                (byte)'b' => 8,
                (byte)'f' => 12,
                (byte)'n' => (byte)'\n',
                (byte)'r' => (byte)'\r',
                (byte)'t' => (byte)'\t',
                _ => 0,
            };
            if (simple != 0)
            {
                destination[written++] = simple;
                i += 2;
                continue;
            }

            if (c == (byte)'u' && TryHex4(source, i + 2, out int unit))
            {
                int consumed = 6;
                int scalar = unit;
                if (char.IsHighSurrogate((char)unit) && i + 12 <= source.Length && source[i + 6] == (byte)'\\' && source[i + 7] == (byte)'u'
                    && TryHex4(source, i + 8, out int low) && char.IsLowSurrogate((char)low))
                {
                    scalar = char.ConvertToUtf32((char)unit, (char)low);
                    consumed = 12;
                }
                else if (char.IsSurrogate((char)unit))
                {
                    scalar = 0xFFFD;
                }

                written += new Rune(scalar).EncodeToUtf8(destination[written..]);
                i += consumed;
                continue;
            }

            destination[written++] = (byte)'\\';
            i++;
        }

        return written;
    }

    private static bool TryHex4(ReadOnlySpan<byte> s, int start, out int value)
    {
        value = 0;
        if (start + 4 > s.Length)
        {
            return false;
        }

        for (int k = 0; k < 4; k++)
        {
            byte b = s[start + k];
            int d = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (d < 0)
            {
                return false;
            }

            value = (value << 4) | d;
        }

        return true;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
